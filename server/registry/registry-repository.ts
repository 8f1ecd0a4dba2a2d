import type { Queryable } from '../db/database';

/** One registry row as SQL gives it: the episode, the team, its counts. */
export interface RegistryRowFacts {
  patientId: string;
  enrollmentId: string;
  kind: 'cocm' | 'bhi';
  givenName: string;
  familyName: string;
  practiceId: string;
  practiceName: string;
  pcpId: string;
  pcpName: string;
  careManagerId: string;
  careManagerName: string;
  consultantId: string;
  instrument: string;
  startedOn: string;
  contacts: number;
  lastContactAt: Date | null;
  nextContactOn: string | null;
  /** Effective care-manager ledger time in the month, milliseconds. */
  monthMs: number;
  lastReviewAt: Date | null;
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
 * The open episodes in scope with their contact and review summaries (kept
 * on the episode by the statement that adds a contact or review) and this
 * month's care-manager minutes (rows neither superseded nor voiding, clipped
 * to the month like the billing engine does), summed once over the
 * program's open episodes (a hash join, not a lookup per row).
 */
export async function registryRowFacts(
  db: Queryable,
  s: RegistryScope,
  month: { start: Date; end: Date },
): Promise<RegistryRowFacts[]> {
  const filters = scopeFilters(s, 4);
  const { rows } = await db.query<
    RegistryRowFacts & { monthMs: string | number }
  >(
    `SELECT ep.patient_id AS "patientId", ep.enrollment_id AS "enrollmentId",
            e.kind, p.given_name AS "givenName", p.family_name AS "familyName",
            ep.practice_id AS "practiceId", pr.name AS "practiceName",
            ep.pcp_id AS "pcpId", up.display_name AS "pcpName",
            ep.care_manager_id AS "careManagerId", uc.display_name AS "careManagerName",
            ep.consultant_id AS "consultantId", ep.instrument,
            to_char(ep.started_on, 'YYYY-MM-DD') AS "startedOn",
            ep.contacts, ep.last_contact_at AS "lastContactAt",
            to_char(ep.next_contact_on, 'YYYY-MM-DD') AS "nextContactOn",
            coalesce(t.ms, 0) AS "monthMs",
            ep.last_review_at AS "lastReviewAt",
            ep.last_recommendation AS "lastRecommendation"
       FROM registry_enrollments ep
       JOIN care_enrollments e ON e.id = ep.enrollment_id
       JOIN patients p ON p.id = ep.patient_id
       JOIN practices pr ON pr.id = ep.practice_id
       JOIN users up ON up.id = ep.pcp_id
       JOIN users uc ON uc.id = ep.care_manager_id
       LEFT JOIN (
         SELECT l.patient_id, sum(
                  CASE WHEN l.ended_at IS NULL THEN l.minutes * 60000
                  ELSE extract(epoch FROM (least(l.ended_at, $3) - greatest(l.started_at, $2))) * 1000 END
                ) AS ms
           FROM time_ledger_entries l
           JOIN registry_enrollments r ON r.patient_id = l.patient_id
          WHERE r.program_id = $1 AND r.ended_on IS NULL
            AND l.activity = 'care_management' AND l.time_role = 'care_manager'
            AND l.started_at < $3 AND l.started_at >= $2::timestamptz - interval '1 day'
            AND NOT l.voids
            AND (l.ended_at IS NULL OR l.ended_at > $2)
            AND (l.ended_at IS NOT NULL OR l.started_at >= $2)
            AND NOT EXISTS (SELECT 1 FROM time_ledger_entries s WHERE s.supersedes = l.id)
          GROUP BY l.patient_id
       ) t ON t.patient_id = ep.patient_id
      WHERE ep.program_id = $1 AND ep.ended_on IS NULL ${filters.sql}`,
    [s.programId, month.start, month.end, ...filters.params],
  );
  return rows.map((r) => ({ ...r, monthMs: Number(r.monthMs) }));
}

/**
 * The optional filters as SQL with only the conditions asked for: the
 * driver prepares named statements, and a generic plan of `$n IS NULL OR
 * ...` cannot drop the branches, so each combination gets its own text.
 */
function scopeFilters(
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
