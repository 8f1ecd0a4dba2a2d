import type { Queryable } from '../db/database';

/** A score as the registry reads it: the total and when (ms). */
export interface ScoreFact {
  total: number;
  atMs: number;
}

/**
 * What a registry row is flagged, counted and sorted from, as SQL gives it
 * for every open episode in scope: only these columns (what the page alone
 * shows is read for its rows, registryRowDetails), so 10,000 of them are
 * parsed quickly.
 */
export interface RegistryRowFacts {
  patientId: string;
  enrollmentId: string;
  kind: 'cocm' | 'bhi';
  patientName: string;
  instrument: string;
  startedOn: string;
  lastContactMs: number | null;
  /** Effective care-manager ledger time in the month, milliseconds. */
  monthMs: number;
  lastReviewMs: number | null;
  /** First score of the followed instrument in the episode's window. */
  baseline: ScoreFact | null;
  /** Last one, when it is not the baseline. */
  latest: ScoreFact | null;
  safetyAlertOpen: boolean;
}

/** What a page's rows show beside their facts (read for one page only). */
export interface RegistryRowDetails {
  practiceId: string;
  practiceName: string;
  pcpId: string;
  pcpName: string;
  careManagerId: string;
  careManagerName: string;
  consultantId: string;
  contacts: number;
  nextContactOn: string | null;
  lastRecommendation: string | null;
}

export interface RegistryScope {
  programId: string;
  /** Only episodes whose care team names this user (null: the whole program). */
  memberId: string | null;
  practiceId?: string;
  careManagerId?: string;
  pcpId?: string;
  /** Just this patient's open episode. */
  patientId?: string;
}

/**
 * The optional filters as SQL with only the conditions asked for: the
 * driver prepares named statements, and a generic plan of `$n IS NULL OR
 * ...` cannot drop the branches, so each combination gets its own text.
 */
export function scopeFilters(
  s: RegistryScope,
  first: number,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const parts: string[] = [];
  const add = (
    value: string | null | undefined,
    sql: (n: string) => string,
  ) => {
    if (value == null) return;
    params.push(value);
    parts.push(sql(`$${first + params.length - 1}`));
  };
  add(
    s.memberId,
    (n) => `${n} IN (ep.pcp_id, ep.care_manager_id, ep.consultant_id)`,
  );
  add(s.practiceId, (n) => `ep.practice_id = ${n}`);
  add(s.careManagerId, (n) => `ep.care_manager_id = ${n}`);
  add(s.pcpId, (n) => `ep.pcp_id = ${n}`);
  add(s.patientId, (n) => `ep.patient_id = ${n}`);
  return { sql: parts.map((p) => `AND ${p}`).join(' '), params };
}

/**
 * The same rows without any aggregate: the benchmark's baseline (what an
 * indexed select of the open episodes in scope costs on its own).
 */
export async function plainRegistrySelect(
  db: Queryable,
  programId: string,
): Promise<number> {
  const { rows } = await db.query(
    `SELECT r.patient_id, r.enrollment_id, p.given_name, p.family_name
       FROM registry_enrollments r JOIN patients p ON p.id = r.patient_id
      WHERE r.program_id = $1 AND r.ended_on IS NULL`,
    [programId],
  );
  return rows.length;
}
