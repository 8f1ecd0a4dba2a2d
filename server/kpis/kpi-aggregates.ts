import type { Database } from '../db/database';
import type { KpiPeriod } from './kpi-period';

/**
 * The KPI page's counts in one statement: PostgreSQL filters, groups and
 * counts the period's consults and sends back one row of small JSON, instead
 * of every consult for JavaScript to count (50,000 rows were most of the
 * page's time). Each figure here counts exactly what computeKpis counts (the
 * hand-tested reference, which drill-down still uses for ids); the
 * kpi-sql-agreement integration test holds the two together.
 */
export interface KpiAggregateRow {
  total: number;
  completed: number;
  expired: number;
  cancelled: number;
  byType: Record<string, number>;
  byReason: Record<string, number>;
  byUrgency: Record<string, number>;
  byDisposition: Record<string, number>;
  byDiagnosis: Record<string, number>;
  practicesEnrolled: number;
  enrolledPracticeDays: number;
  practicesServed: number;
  providersEnrolled: number;
  providersServed: number;
  served: number;
  byAgeBand: Record<string, number>;
  rural: number;
  byLanguage: Record<string, number>;
  interpreterUsed: number;
  measured: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
  withinTarget: number;
  sessions: number;
  attendees: number;
  trainingMinutes: number;
  cmeCredits: string;
  feedback: number;
  useful: number;
  wouldHaveReferredOut: number;
}

// Counts over c are gathered in as few scans as possible (one for the plain
// counts, one grouping-sets scan for the one-key breakdowns), DISTINCT counts
// go through hashed subqueries (count(DISTINCT) sorts), and ages use
// date_part (float) rather than extract (numeric, several times slower).
// A category listed twice on one consult counts once (its first position).
const SQL = `
WITH pr AS (
  SELECT id, rural, enrolled_on, withdrawn_on,
         enrolled_on::timestamp AT TIME ZONE $6 AS from_at,
         CASE WHEN withdrawn_on IS NULL THEN 'infinity'::timestamptz
              ELSE (withdrawn_on + 1)::timestamp AT TIME ZONE $6 END AS to_at
    FROM practices WHERE program_id = $1),
-- The period's psychiatry consults made on a day their practice was enrolled.
c AS MATERIALIZED (
  SELECT c.id, c.practice_id, c.requested_by, c.patient_id, c.consult_type,
         c.reason_categories, c.urgency, c.status, c.disposition,
         c.diagnosis_categories, c.created_at, pr.rural,
         -- Milliseconds as loadKpiFacts reads them, so minutes compare alike.
         (extract(epoch FROM c.created_at) * 1000)::bigint AS created_ms,
         ((extract(epoch FROM c.call_started_at) * 1000)::bigint
           - (extract(epoch FROM c.created_at) * 1000)::bigint)::float8 / 60000
           AS minutes
    FROM consults c JOIN pr ON pr.id = c.practice_id
   WHERE c.program_id = $1 AND c.line = 'psychiatry'
     AND c.created_at >= $2 AND c.created_at < $3
     AND c.created_at >= pr.from_at AND c.created_at < pr.to_at),
counts AS (
  SELECT count(*)::int AS total,
         count(*) FILTER (WHERE status = 'completed')::int AS completed,
         count(*) FILTER (WHERE status = 'expired')::int AS expired,
         count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
         count(minutes)::int AS measured,
         count(*) FILTER (WHERE minutes <= $7)::int AS "withinTarget",
         percentile_disc(0.5) WITHIN GROUP (ORDER BY minutes) AS "medianMinutes",
         percentile_disc(0.9) WITHIN GROUP (ORDER BY minutes) AS "p90Minutes"
    FROM c),
-- One scan for the one-key breakdowns (each consult has one of each).
keyed AS (
  SELECT CASE WHEN GROUPING(consult_type) = 0 THEN 'type'
              WHEN GROUPING(urgency) = 0 THEN 'urgency'
              ELSE 'disposition' END AS what,
         coalesce(consult_type, urgency, disposition) AS k, count(*)::int AS n
    FROM c GROUP BY GROUPING SETS ((consult_type), (urgency), (disposition))),
enrolled AS (
  SELECT id, least(coalesce(withdrawn_on, $5::date), $5::date)
             - greatest(enrolled_on, $4::date) + 1 AS days
    FROM pr WHERE enrolled_on <= $5::date
              AND (withdrawn_on IS NULL OR withdrawn_on >= $4::date)),
providers AS (
  SELECT u.id FROM users u JOIN enrolled e ON e.id = u.practice_id
   WHERE u.program_id = $1 AND u.role = 'pcp'),
-- Each patient once, at their first consult of the period.
firsts AS (
  SELECT DISTINCT ON (c.patient_id) c.patient_id, c.rural,
         (c.created_at AT TIME ZONE $6)::date AS d,
         p.birth_date, p.preferred_language
    FROM c JOIN patients p ON p.id = c.patient_id
   ORDER BY c.patient_id, c.created_ms, c.id),
-- Whole years on that local date: (yyyymmdd - yyyymmdd) / 10000.
ages AS (
  SELECT ((date_part('year', d) - date_part('year', birth_date)) * 10000
          + (date_part('month', d) - date_part('month', birth_date)) * 100
          + date_part('day', d) - date_part('day', birth_date))::int / 10000
           AS age
    FROM firsts),
t AS (
  SELECT id, minutes, cme_credits FROM trainings
   WHERE program_id = $1 AND held_on BETWEEN $4::date AND $5::date),
fb AS (
  SELECT f.consult_id, f.useful, f.would_have_referred_out
    FROM consult_feedback f JOIN c ON c.id = f.consult_id)
SELECT counts.*,
  (SELECT coalesce(json_object_agg(k, n), '{}') FROM keyed WHERE what = 'type')
    AS "byType",
  (SELECT coalesce(json_object_agg(k, n), '{}') FROM keyed WHERE what = 'urgency')
    AS "byUrgency",
  (SELECT coalesce(json_object_agg(k, n), '{}') FROM keyed
    WHERE what = 'disposition' AND k IS NOT NULL) AS "byDisposition",
  (SELECT coalesce(json_object_agg(k, n), '{}') FROM
     (SELECT r AS k, count(*)::int AS n
        FROM c, unnest(c.reason_categories) WITH ORDINALITY u(r, i)
       WHERE array_position(c.reason_categories, r) = i
       GROUP BY 1) x) AS "byReason",
  (SELECT coalesce(json_object_agg(k, n), '{}') FROM
     (SELECT d AS k, count(*)::int AS n
        FROM c, unnest(c.diagnosis_categories) WITH ORDINALITY u(d, i)
       WHERE array_position(c.diagnosis_categories, d) = i
       GROUP BY 1) x) AS "byDiagnosis",
  (SELECT count(*) FROM enrolled)::int AS "practicesEnrolled",
  (SELECT coalesce(sum(days), 0) FROM enrolled)::int AS "enrolledPracticeDays",
  (SELECT count(*) FROM (SELECT DISTINCT practice_id FROM c) x)::int
    AS "practicesServed",
  (SELECT count(*) FROM providers)::int AS "providersEnrolled",
  (SELECT count(*) FROM (SELECT DISTINCT requested_by FROM c) x)::int
    AS "providersServed",
  (SELECT count(*) FROM firsts)::int AS served,
  (SELECT coalesce(json_object_agg(k, n), '{}') FROM
     (SELECT CASE WHEN age <= 5 THEN '0-5' WHEN age <= 11 THEN '6-11'
                  WHEN age <= 17 THEN '12-17' WHEN age <= 21 THEN '18-21'
                  ELSE '22+' END AS k, count(*)::int AS n
        FROM ages GROUP BY 1) x) AS "byAgeBand",
  (SELECT count(*) FROM firsts WHERE rural)::int AS rural,
  (SELECT coalesce(json_object_agg(k, n), '{}') FROM
     (SELECT preferred_language AS k, count(*)::int AS n
        FROM firsts GROUP BY 1) x) AS "byLanguage",
  (SELECT count(*) FROM (SELECT DISTINCT c.patient_id FROM c
    WHERE c.id IN (SELECT v.consult_id FROM visits v
                     JOIN visit_participants vp ON vp.visit_id = v.id
                    WHERE v.program_id = $1 AND vp.role = 'interpreter')) x)::int
    AS "interpreterUsed",
  (SELECT count(*) FROM t)::int AS sessions,
  (SELECT count(*) FROM (SELECT DISTINCT a.user_id FROM training_attendees a
     JOIN t ON t.id = a.training_id) x)::int AS attendees,
  (SELECT coalesce(sum(minutes), 0) FROM t)::int AS "trainingMinutes",
  (SELECT coalesce(sum(cme_credits), 0) FROM t)::text AS "cmeCredits",
  (SELECT count(*) FROM fb)::int AS feedback,
  (SELECT count(*) FROM (SELECT DISTINCT consult_id FROM fb WHERE useful) x)::int
    AS useful,
  (SELECT count(*) FROM (SELECT DISTINCT consult_id FROM fb
    WHERE would_have_referred_out) x)::int AS "wouldHaveReferredOut"
  FROM counts`;

export const KPI_WORK_MEM = '64MB';

/** The statement and its parameters (the benchmark EXPLAINs the same). */
export function kpiAggregateQuery(
  programId: string,
  period: KpiPeriod,
  targetMinutes: number,
): { text: string; values: unknown[] } {
  return {
    text: SQL,
    values: [
      programId,
      new Date(period.startMs),
      new Date(period.endMs),
      period.from,
      period.to,
      period.timeZone,
      targetMinutes,
    ],
  };
}

export async function loadKpiAggregates(
  db: Database,
  programId: string,
  period: KpiPeriod,
  targetMinutes: number,
): Promise<KpiAggregateRow> {
  const q = kpiAggregateQuery(programId, period, targetMinutes);
  // The period's consults (about 11 MB for a year of 50,000) are read a
  // dozen times: with the default 4 MB of work_mem they spill to a temp file
  // and every read goes to disk. SET LOCAL ends with this transaction.
  return db.transaction(async (tx) => {
    await tx.query(`SET LOCAL work_mem = '${KPI_WORK_MEM}'`);
    const { rows } = await tx.query<KpiAggregateRow>(q.text, q.values);
    return rows[0]!;
  });
}
