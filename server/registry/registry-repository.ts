import type { Queryable } from '../db/database';
import { followedScoreJoins } from './screening-outcomes';

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

/** The instant, month and zone a registry read is made for. */
export interface RegistryWindow {
  now: Date;
  month: { start: Date; end: Date };
  timeZone: string;
  /** A score this many days before enrollment still counts as baseline. */
  baselineLookbackDays: number;
}

const epochMs = (column: string) =>
  `(extract(epoch FROM ${column}) * 1000)::float8`;

/**
 * The open episodes in scope in one statement: the contact and review
 * summaries kept on the episode, this month's care-manager minutes (rows
 * neither superseded nor voiding, clipped to the month like the billing
 * engine does), the baseline and latest score and an open alert
 * (screening-outcomes.ts): each summed once over the program's open
 * episodes and hash-joined, not looked up episode by episode.
 */
export async function registryRowFacts(
  db: Queryable,
  s: RegistryScope,
  w: RegistryWindow,
): Promise<RegistryRowFacts[]> {
  const filters = scopeFilters(s, 7);
  const { rows } = await db.query<
    Omit<RegistryRowFacts, 'baseline' | 'latest'> & {
      n: number | null;
      baselineMs: number | null;
      baselineTotal: number | null;
      latestMs: number | null;
      latestTotal: number | null;
      monthMs: number | null;
      safetyAlertOpen: boolean | null;
    }
  >(
    `SELECT ep.patient_id AS "patientId", ep.enrollment_id AS "enrollmentId",
            e.kind, p.given_name || ' ' || p.family_name AS "patientName",
            ep.instrument, to_char(ep.started_on, 'YYYY-MM-DD') AS "startedOn",
            ${epochMs('ep.last_contact_at')} AS "lastContactMs",
            t.ms AS "monthMs",
            ${epochMs('ep.last_review_at')} AS "lastReviewMs",
            sc.n, sc.first[1] AS "baselineMs", sc.first[2] AS "baselineTotal",
            sc.last[1] AS "latestMs", sc.last[2] AS "latestTotal",
            al.open AS "safetyAlertOpen"
       FROM registry_enrollments ep
       JOIN care_enrollments e ON e.id = ep.enrollment_id
       JOIN patients p ON p.id = ep.patient_id
       LEFT JOIN (
         SELECT l.patient_id, sum(
                  CASE WHEN l.ended_at IS NULL THEN l.minutes * 60000
                  ELSE extract(epoch FROM (least(l.ended_at, $3) - greatest(l.started_at, $2))) * 1000 END
                )::float8 AS ms
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
       ${followedScoreJoins({ programId: '$1', now: '$4', timeZone: '$5', lookbackDays: '$6' })}
      WHERE ep.program_id = $1 AND ep.ended_on IS NULL ${filters.sql}`,
    [
      s.programId,
      w.month.start,
      w.month.end,
      w.now,
      w.timeZone,
      w.baselineLookbackDays,
      ...filters.params,
    ],
  );
  // Scalars, not arrays: the driver parses a float8 column natively and
  // an array's text in JavaScript. Built field by field: object rest and
  // spread over 10,000 rows showed in the profile.
  return rows.map((r) => ({
    patientId: r.patientId,
    enrollmentId: r.enrollmentId,
    kind: r.kind,
    patientName: r.patientName,
    instrument: r.instrument,
    startedOn: r.startedOn,
    lastContactMs: r.lastContactMs,
    monthMs: r.monthMs ?? 0,
    lastReviewMs: r.lastReviewMs,
    safetyAlertOpen: r.safetyAlertOpen ?? false,
    baseline:
      r.baselineMs === null
        ? null
        : { atMs: r.baselineMs, total: r.baselineTotal! },
    latest:
      r.latestMs === null || r.n! < 2
        ? null
        : { atMs: r.latestMs, total: r.latestTotal! },
  }));
}

/** What the page shows of these episodes beside their facts. */
export async function registryRowDetails(
  db: Queryable,
  enrollmentIds: readonly string[],
): Promise<Map<string, RegistryRowDetails>> {
  if (!enrollmentIds.length) return new Map();
  const { rows } = await db.query<RegistryRowDetails & { id: string }>(
    `SELECT ep.enrollment_id AS id, ep.practice_id AS "practiceId",
            pr.name AS "practiceName", ep.pcp_id AS "pcpId",
            up.display_name AS "pcpName",
            ep.care_manager_id AS "careManagerId",
            uc.display_name AS "careManagerName",
            ep.consultant_id AS "consultantId", ep.contacts,
            to_char(ep.next_contact_on, 'YYYY-MM-DD') AS "nextContactOn",
            ep.last_recommendation AS "lastRecommendation"
       FROM registry_enrollments ep
       JOIN practices pr ON pr.id = ep.practice_id
       JOIN users up ON up.id = ep.pcp_id
       JOIN users uc ON uc.id = ep.care_manager_id
      WHERE ep.enrollment_id = ANY($1::uuid[])`,
    [enrollmentIds],
  );
  return new Map(rows.map(({ id, ...details }) => [id, details]));
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
