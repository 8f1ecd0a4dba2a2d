import type { Queryable } from '../db/database';
import type { DutyCounts, DutyRoster } from './queue-types';

/**
 * Per waiting psychiatry consult: how many psychiatrists on duty (available
 * or busy in psychiatrist_availability) could take it: licensed in the
 * patient's state, with the specialty and the language (unless the program
 * allows an interpreter), and not one who already declined or missed it at
 * this escalation level. The program-wide duty counts alone told a PCP
 * "about 1 minute" after the only eligible psychiatrist had declined (issue
 * 19). Consults of other lines get no entry (their counts stay program-wide).
 */
export async function eligibleDuty(
  db: Queryable,
  consultIds: readonly string[],
): Promise<Map<string, DutyCounts>> {
  if (!consultIds.length) return new Map();
  const { rows } = await db.query<{
    id: string;
    available: number;
    onDuty: number;
  }>(
    `SELECT c.id,
            count(u.id) FILTER (WHERE av.status = 'available')::int AS available,
            count(u.id)::int AS "onDuty"
       FROM consults c
       JOIN patients pa ON pa.id = c.patient_id
       JOIN programs pr ON pr.id = c.program_id
       LEFT JOIN (users u JOIN psychiatrist_availability av
                    ON av.user_id = u.id AND av.status IN ('available', 'busy'))
         ON u.program_id = c.program_id AND u.role = 'psychiatrist' AND u.active
        AND pa.state::text = ANY(u.licensed_states)
        AND c.specialty = ANY(u.specialties)
        AND (c.language = ANY(u.languages)
             OR COALESCE((pr.settings->>'interpreterAllowed')::boolean, true))
        AND NOT EXISTS (
              SELECT 1 FROM consult_offers o
               WHERE o.consult_id = c.id AND o.psychiatrist_id = u.id
                 AND o.outcome IN ('declined', 'timed_out')
                 AND o.escalation_level >= c.escalation_level)
      WHERE c.id = ANY($1::uuid[]) AND c.line = 'psychiatry'
      GROUP BY c.id`,
    [consultIds],
  );
  return new Map(
    rows.map((r) => [r.id, { available: r.available, onDuty: r.onDuty }]),
  );
}

/**
 * eligibleDuty counted over the live store's roster instead of SQL, with
 * the same rules: the in-process store holds every active psychiatrist with
 * their availability, licenses, specialties and languages, and each entry
 * the workers who declined or missed it at its level. Like the SQL, the
 * connection is not looked at (the program-wide counts it is combined with
 * are of connected psychiatrists) nor a license's expiry.
 */
export function eligibleDutyIn(
  snap: DutyRoster,
  consultIds: readonly string[],
  interpreterAllowed: boolean,
): Map<string, DutyCounts> {
  const wanted = new Set(consultIds);
  const onDuty = snap.workers.filter(
    (w) =>
      w.line === 'psychiatry' &&
      (w.availability === 'available' || w.availability === 'busy'),
  );
  const out = new Map<string, DutyCounts>();
  for (const e of snap.entries) {
    if (!wanted.has(e.consultId) || e.line !== 'psychiatry') continue;
    const counts = { available: 0, onDuty: 0 };
    for (const w of onDuty) {
      if (
        !w.licensedStates.includes(e.patientState) ||
        !w.specialties.includes(e.specialty) ||
        !(interpreterAllowed || w.languages.includes(e.language)) ||
        e.excluded.includes(w.userId)
      )
        continue;
      counts.onDuty++;
      if (w.availability === 'available') counts.available++;
    }
    out.set(e.consultId, counts);
  }
  return out;
}
