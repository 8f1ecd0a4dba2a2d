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

/**
 * SQL joins giving each open episode `ep` (registry_enrollments) of program
 * `programId` its baseline and latest score of the followed instrument
 * (`sc.first`, `sc.last`: [epoch ms, total] arrays; `sc.n` scores) and
 * `al.open` (an alert nobody acknowledged). The window is outcomeOf's:
 * from `lookbackDays` before the enrollment's first local day (program
 * zone) up to `now`; the latest counts only when there are two or more.
 * One pass over the program's scores (a hash aggregate), not a lookup per
 * episode. Arguments are placeholders ('$4') of the enclosing statement.
 */
export function followedScoreJoins(p: {
  programId: string;
  now: string;
  timeZone: string;
  lookbackDays: string;
}): string {
  const point = `ARRAY[extract(epoch FROM a.answered_at) * 1000, a.total]`;
  return `LEFT JOIN (
      SELECT a.patient_id, count(*)::int AS n,
             min(${point})::float8[] AS first, max(${point})::float8[] AS last
        FROM assessments a
        JOIN registry_enrollments r ON r.patient_id = a.patient_id
         AND r.program_id = ${p.programId} AND r.ended_on IS NULL
       WHERE a.instrument = r.instrument AND a.status = 'scored'
         AND a.answered_at <= ${p.now}
         AND a.answered_at >= ((r.started_on - ${p.lookbackDays}::int)::timestamp
                               AT TIME ZONE ${p.timeZone}::text)
         AND NOT EXISTS (SELECT 1 FROM assessments c WHERE c.supersedes = a.id)
       GROUP BY a.patient_id
    ) sc ON sc.patient_id = ep.patient_id
    LEFT JOIN (
      SELECT DISTINCT s.patient_id, true AS open FROM safety_alerts s
       WHERE s.program_id = ${p.programId}
         AND NOT EXISTS (SELECT 1 FROM safety_alert_acknowledgements k
                          WHERE k.alert_id = s.id)
    ) al ON al.patient_id = ep.patient_id`;
}
