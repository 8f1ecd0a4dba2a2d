import type { Queryable } from '../db/database';
import type { PayerRules } from '../billing/payer-rules';
import { REGISTRY_FLAGS, type RegistryFlag } from './registry-flags';
import {
  flagColumn,
  flagColumnsSql,
  flagInputsSql,
  orderSql,
  rankSql,
} from './registry-flag-sql';
import {
  type RegistryRowDetails,
  type RegistryRowFacts,
  type RegistryScope,
  scopeFilters,
} from './registry-repository';
import type { RegistrySort } from './registry-row';
import type { RegistryThresholds } from './registry-thresholds';

/** The instant, local day and month a page is read for, and its rules. */
export interface RegistryPageWindow {
  now: Date;
  /** The program's local date of `now`, 'YYYY-MM-DD'. */
  today: string;
  /** Its local month, 'YYYY-MM', and the month's first and next instant. */
  month: string;
  monthStart: Date;
  monthEnd: Date;
  timeZone: string;
  thresholds: RegistryThresholds;
  /** Fewer than `minutesShortDaysLeft` days left in the local month. */
  monthEndingSoon: boolean;
  rules: Pick<
    PayerRules['collaborativeCare'],
    'firstMonthFromMinutes' | 'laterMonthFromMinutes' | 'bhiFromMinutes'
  >;
}

export interface RegistryPageQuery {
  flag?: RegistryFlag;
  sort: RegistrySort;
  /** null: every row. */
  limit: number | null;
  offset: number;
}

/** One page row as SQL gives it, with the flags and rank SQL gave it. */
export interface RegistryPageRow {
  facts: RegistryRowFacts;
  details: RegistryRowDetails;
  sqlFlags: RegistryFlag[];
  sqlRank: number;
}

export interface RegistryPageResult {
  total: number;
  flagCounts: Record<RegistryFlag, number>;
  rows: RegistryPageRow[];
}

/**
 * A registry page in one statement: the open episodes in scope with the
 * summaries kept on them (migration 140) checked against this read's month
 * and score window, computed afresh only where they do not fit (a stored
 * month other than this one with rows after its start, a score after
 * `now`, a changed look-back); flags, rank, counts, filter and order in
 * SQL (registry-flag-sql.ts); names joined for the page's rows only.
 */
export async function registryPageQuery(
  db: Queryable,
  scope: RegistryScope,
  w: RegistryPageWindow,
  q: RegistryPageQuery,
): Promise<RegistryPageResult> {
  const t = w.thresholds;
  const params: unknown[] = [
    scope.programId,
    w.monthStart,
    w.monthEnd,
    w.now,
    w.timeZone,
    t.baselineLookbackDays,
    w.today,
    w.month,
    w.monthEndingSoon,
    t.noContactDays,
    t.notImprovingFromWeek,
    t.responseDropPercent,
    t.remissionBelow,
    t.reviewFreshDays,
    t.minutesShortWithin,
    w.rules.firstMonthFromMinutes,
    w.rules.laterMonthFromMinutes,
    w.rules.bhiFromMinutes,
    q.limit,
    q.offset,
  ];
  const filters = scopeFilters(scope, params.length + 1);
  params.push(...filters.params);
  const flagP = {
    today: '$7',
    timeZone: '$5',
    noContactDays: '$10',
    notImprovingFromWeek: '$11',
    responseDropPercent: '$12',
    remissionBelow: '$13',
    reviewFreshDays: '$14',
    minutesShortWithin: '$15',
    monthEndingSoon: '$9',
  };
  const kept = q.flag ? flagColumn(q.flag) : 'true';
  const counts = REGISTRY_FLAGS.map(
    (f) => `count(*) FILTER (WHERE ${flagColumn(f)})::int AS "c_${f}"`,
  ).join(', ');
  const { rows } = await db.query<PageSqlRow>(
    `WITH ranked AS MATERIALIZED (
       SELECT f.*, ${rankSql()} AS urgency
         FROM (
           SELECT i.*, ${flagColumnsSql(flagP)}
             FROM (SELECT c.*, ${flagInputsSql(flagP)}
                     FROM (${factsSql(filters.sql)}) c OFFSET 0) i
           OFFSET 0
         ) f
     ), counts AS (
       SELECT ${counts}, count(*) FILTER (WHERE ${kept})::int AS total
         FROM ranked
     ), page AS (
       SELECT r.* FROM ranked r WHERE ${kept}
        ORDER BY ${orderSql(q.sort, 'r')} LIMIT $19 OFFSET $20
     )
     SELECT c.*, pg.patient_id AS "patientId", pg.enrollment_id AS "enrollmentId",
            pg.kind, pg.name AS "patientName", d.instrument,
            to_char(pg.started_on, 'YYYY-MM-DD') AS "startedOn",
            ${epochMs('pg.last_contact_at')} AS "lastContactMs",
            pg.month_ms AS "monthMs",
            ${epochMs('pg.last_review_at')} AS "lastReviewMs",
            pg.alert_open AS "safetyAlertOpen",
            ${epochMs('pg.first_at')} AS "baselineMs", pg.bt AS "baselineTotal",
            ${epochMs('pg.last_at')} AS "latestMs", pg.lt AS "latestTotal",
            d.practice_id AS "practiceId", pr.name AS "practiceName",
            d.pcp_id AS "pcpId", up.display_name AS "pcpName",
            d.care_manager_id AS "careManagerId",
            uc.display_name AS "careManagerName",
            d.consultant_id AS "consultantId", d.contacts,
            to_char(d.next_contact_on, 'YYYY-MM-DD') AS "nextContactOn",
            d.last_recommendation AS "lastRecommendation", pg.urgency,
            ${REGISTRY_FLAGS.map((f) => `pg.${flagColumn(f)}`).join(', ')}
       FROM counts c
       LEFT JOIN page pg ON true
       LEFT JOIN registry_enrollments d ON d.enrollment_id = pg.enrollment_id
       LEFT JOIN practices pr ON pr.id = d.practice_id
       LEFT JOIN users up ON up.id = d.pcp_id
       LEFT JOIN users uc ON uc.id = d.care_manager_id
      ORDER BY ${orderSql(q.sort, 'pg')}`,
    params,
  );
  const first = rows[0]!;
  const flagCounts = Object.fromEntries(
    REGISTRY_FLAGS.map((f) => [f, first[`c_${f}`] as number]),
  ) as Record<RegistryFlag, number>;
  return {
    total: first.total,
    flagCounts,
    // No page row: one row of counts with nulls (an empty or past-end page).
    rows: rows.filter((r) => r.enrollmentId !== null).map(pageRow),
  };
}

/**
 * What flags and orders read, per open episode in scope: the summaries
 * kept on the episode where they fit this read (same month, same score
 * window, no score after `now`), else computed here for that episode
 * (the functions of migration 140). Only the page's rows read more.
 * Each level ends in OFFSET 0: flattened, a column used several times
 * above (a CASE, a flag) would be computed again at every use, which
 * doubled the statement's CPU time.
 */
function factsSql(scopeSql: string): string {
  const score = (field: string, stored: string) =>
    `CASE WHEN fresh THEN ${stored} ELSE (registry_followed_scores(
       patient_id, instrument, score_from, $4)).${field} END`;
  return `SELECT s.*,
         CASE WHEN n >= 2 THEN last_at0 END AS last_at,
         CASE WHEN n >= 2 THEN lt0 END AS lt,
         CASE WHEN bt > 0 AND n >= 2
              THEN floor((lt0 - bt)::float8 / bt * 1000 + 0.5) / 10 END AS pct
    FROM (
      SELECT b.*,
             ${score('n', 'score_n')} AS n,
             ${score('first_at', 'first_score_at')} AS first_at,
             ${score('first_total', 'first_score_total')} AS bt,
             ${score('last_at', 'last_score_at')} AS last_at0,
             ${score('last_total', 'last_score_total')} AS lt0,
             CASE WHEN last_contact_at <= $4 THEN last_contact_at END AS lc,
             floor(month_ms / 60000)::int AS minutes,
             CASE WHEN kind = 'bhi' THEN $18::int
                  WHEN to_char(started_on, 'YYYY-MM') = $8 THEN $16::int
                  ELSE $17::int END AS thr,
             greatest(0, ($7::date - started_on) / 7) AS weeks
        FROM (
          SELECT ep.patient_id, ep.enrollment_id, e.kind,
                 p.given_name || ' ' || p.family_name AS name,
                 ep.instrument, ep.started_on, ep.last_contact_at,
                 ep.last_review_at, ep.alert_open, w.score_from,
                 ep.score_n, ep.first_score_at, ep.first_score_total,
                 ep.last_score_at, ep.last_score_total,
                 ep.score_from = w.score_from AND (ep.last_score_at IS NULL
                   OR ep.last_score_at <= $4) AS fresh,
                 CASE WHEN ep.month_start = $2 THEN ep.month_ms
                      WHEN ep.care_last_at IS NULL OR ep.care_last_at < $2 THEN 0
                      ELSE registry_care_ms(ep.patient_id, $2, $3) END AS month_ms
            FROM registry_enrollments ep
            JOIN care_enrollments e ON e.id = ep.enrollment_id
            JOIN patients p ON p.id = ep.patient_id
           CROSS JOIN LATERAL (
             SELECT (ep.started_on - $6::int)::timestamp AT TIME ZONE $5::text
                      AS score_from) w
           WHERE ep.program_id = $1 AND ep.ended_on IS NULL ${scopeSql}
          OFFSET 0
        ) b
      OFFSET 0
    ) s`;
}

const epochMs = (column: string) =>
  `(extract(epoch FROM ${column}) * 1000)::float8`;

/** A statement row: the counts, and one page row's columns (or nulls). */
type PageSqlRow = Omit<RegistryRowFacts, 'baseline' | 'latest'> &
  RegistryRowDetails & {
    total: number;
    baselineMs: number | null;
    baselineTotal: number | null;
    latestMs: number | null;
    latestTotal: number | null;
    urgency: number;
  } & Record<string, unknown>;

// Built field by field: object rest and spread over many rows showed in
// the profile of the earlier, all-rows version.
function pageRow(v: PageSqlRow): RegistryPageRow {
  return {
    facts: {
      patientId: v.patientId,
      enrollmentId: v.enrollmentId,
      kind: v.kind,
      patientName: v.patientName,
      instrument: v.instrument,
      startedOn: v.startedOn,
      lastContactMs: v.lastContactMs,
      monthMs: v.monthMs,
      lastReviewMs: v.lastReviewMs,
      safetyAlertOpen: v.safetyAlertOpen,
      baseline:
        v.baselineMs === null
          ? null
          : { atMs: v.baselineMs, total: v.baselineTotal! },
      latest:
        v.latestMs === null
          ? null
          : { atMs: v.latestMs, total: v.latestTotal! },
    },
    details: {
      practiceId: v.practiceId,
      practiceName: v.practiceName,
      pcpId: v.pcpId,
      pcpName: v.pcpName,
      careManagerId: v.careManagerId,
      careManagerName: v.careManagerName,
      consultantId: v.consultantId,
      contacts: v.contacts,
      nextContactOn: v.nextContactOn,
      lastRecommendation: v.lastRecommendation,
    },
    sqlFlags: REGISTRY_FLAGS.filter((f) => v[`f_${f}`] === true),
    sqlRank: v.urgency,
  };
}
