import type { Queryable } from '../db/database';
import type { OutcomeSource } from './outcome-source';
import type { ScorePoint } from './registry-flags';

/** The instruments a registry row can follow (its `instrument`). */
const FOLLOWED = ['phq9', 'gad7'];

/**
 * The patient page's scores from the screening store (server/screening):
 * scored assessments that no correction replaced.
 */
export function screeningOutcomes(db: Queryable): OutcomeSource {
  return {
    async scores(patientIds) {
      const out = new Map<string, ScorePoint[]>();
      if (!patientIds.length) return out;
      const { rows } = await db.query<{
        patientId: string;
        instrument: string;
        total: number;
        at: Date;
      }>(
        `SELECT a.patient_id AS "patientId", a.instrument, a.total, a.answered_at AS at
           FROM assessments a
          WHERE a.patient_id = ANY($1::uuid[]) AND a.status = 'scored'
            AND a.instrument = ANY($2::text[])
            AND NOT EXISTS (SELECT 1 FROM assessments s WHERE s.supersedes = a.id)
          ORDER BY a.answered_at`,
        [patientIds, FOLLOWED],
      );
      for (const r of rows) {
        let list = out.get(r.patientId);
        if (!list) out.set(r.patientId, (list = []));
        list.push({
          instrument: r.instrument,
          total: r.total,
          at: r.at.getTime(),
        });
      }
      return out;
    },
  };
}
