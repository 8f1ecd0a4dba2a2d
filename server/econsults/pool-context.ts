import type { Queryable } from '../db/database';
import { ageOn } from '../patients/patient';

/**
 * What a psychiatrist needs to choose from the pool without reading the
 * chart: an age band (not the birth date), the patient's state and the
 * language, as the ringing offer of a live consult shows. No name, no free
 * text; the chart is read (and audited) once they claim it.
 */
export interface PoolContext {
  ageBand: string;
  patientState: string;
  language: string;
}

const BANDS: readonly [maxAge: number, label: string][] = [
  [5, 'under 6'],
  [11, '6-11'],
  [17, '12-17'],
  [25, '18-25'],
  [64, '26-64'],
];

/** Age in whole years as the band the pool shows. */
export function ageBand(age: number): string {
  for (const [max, label] of BANDS) if (age <= max) return label;
  return '65 and over';
}

/** The pool rows' context, by consult id. */
export async function poolContexts(
  db: Queryable,
  consultIds: readonly string[],
  now: Date,
): Promise<Map<string, PoolContext>> {
  if (!consultIds.length) return new Map();
  const { rows } = await db.query<{
    id: string;
    birthDate: string;
    state: string;
    language: string;
  }>(
    `SELECT c.id, p.birth_date::text AS "birthDate", p.state::text AS state,
            c.language
       FROM consults c JOIN patients p ON p.id = c.patient_id
      WHERE c.id = ANY($1::uuid[])`,
    [consultIds],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        ageBand: ageBand(ageOn(r.birthDate, now)),
        patientState: r.state.trim(),
        language: r.language,
      },
    ]),
  );
}
