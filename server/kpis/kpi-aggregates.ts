import type { Database } from '../db/database';
import type { KpiPeriod } from './kpi-period';
import { KPI_CTES, WITHIN_TARGET, kpiParams, kpiStatement } from './kpi-sql';

/**
 * The KPI page's counts in one statement: PostgreSQL filters, groups and
 * counts the period's consults and sends back one row of small JSON, instead
 * of every consult for JavaScript to count (50,000 rows were most of the
 * page's time). Each figure here counts exactly what computeKpis counts (the
 * hand-tested reference); the kpi-sql-agreement integration test holds the
 * two together, and kpi-drill.ts lists the ids behind each from the same
 * rows (kpi-sql.ts).
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

// `c` is read once for the consult counts: one hash aggregate groups it by
// the columns the breakdowns key on (a few dozen groups; every count and
// breakdown is summed from them) and, in the same pass, by practice and by
// provider (their group counts are the distinct counts). One sort gives
// both wait percentiles. A category listed twice on one consult counts once
// (its first position).
const SQL = `
WITH ${KPI_CTES},
grouped AS MATERIALIZED (
  SELECT consult_type, urgency, status, disposition, reason_categories,
         diagnosis_categories, GROUPING(practice_id, requested_by) AS g,
         count(*)::int AS n, count(wait)::int AS measured,
         count(*) FILTER (WHERE ${WITHIN_TARGET})::int AS within
    FROM c
   GROUP BY GROUPING SETS ((1, 2, 3, 4, 5, 6), (practice_id), (requested_by))),
-- The consults by kind (g = 3: neither practice nor provider grouped).
kinds AS (SELECT * FROM grouped WHERE g = 3),
waits AS (
  SELECT percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY wait) AS p
    FROM c WHERE wait IS NOT NULL),
-- Minutes as computeKpis reckons them: whole milliseconds over 60,000.
minutes AS (
  SELECT (extract(epoch FROM p[1]) * 1000)::float8 / 60000 AS median,
         (extract(epoch FROM p[2]) * 1000)::float8 / 60000 AS p90
    FROM waits)
SELECT
  coalesce(sum(n), 0)::int AS total,
  coalesce(sum(n) FILTER (WHERE status = 'completed'), 0)::int AS completed,
  coalesce(sum(n) FILTER (WHERE status = 'expired'), 0)::int AS expired,
  coalesce(sum(n) FILTER (WHERE status = 'cancelled'), 0)::int AS cancelled,
  coalesce(sum(measured), 0)::int AS measured,
  coalesce(sum(within), 0)::int AS "withinTarget",
  (SELECT median FROM minutes) AS "medianMinutes",
  (SELECT p90 FROM minutes) AS "p90Minutes",
  (SELECT coalesce(json_object_agg(k, n), '{}') FROM
     (SELECT consult_type AS k, sum(n)::int AS n FROM kinds GROUP BY 1) x)
    AS "byType",
  (SELECT coalesce(json_object_agg(k, n), '{}') FROM
     (SELECT urgency AS k, sum(n)::int AS n FROM kinds GROUP BY 1) x)
    AS "byUrgency",
  (SELECT coalesce(json_object_agg(k, n), '{}') FROM
     (SELECT disposition AS k, sum(n)::int AS n FROM kinds
       WHERE disposition IS NOT NULL GROUP BY 1) x) AS "byDisposition",
  (SELECT coalesce(json_object_agg(k, n), '{}') FROM
     (SELECT r AS k, sum(n)::int AS n
        FROM kinds, unnest(reason_categories) WITH ORDINALITY u(r, i)
       WHERE array_position(reason_categories, r) = i GROUP BY 1) x)
    AS "byReason",
  (SELECT coalesce(json_object_agg(k, n), '{}') FROM
     (SELECT d AS k, sum(n)::int AS n
        FROM kinds, unnest(diagnosis_categories) WITH ORDINALITY u(d, i)
       WHERE array_position(diagnosis_categories, d) = i GROUP BY 1) x)
    AS "byDiagnosis",
  (SELECT count(*) FROM enrolled)::int AS "practicesEnrolled",
  (SELECT coalesce(sum(days), 0) FROM enrolled)::int AS "enrolledPracticeDays",
  (SELECT count(*) FROM grouped WHERE g = 1)::int
    AS "practicesServed",
  (SELECT count(*) FROM providers)::int AS "providersEnrolled",
  (SELECT count(*) FROM grouped WHERE g = 2)::int
    AS "providersServed",
  (SELECT count(*) FROM served)::int AS served,
  (SELECT coalesce(json_object_agg(k, n), '{}') FROM
     (SELECT band AS k, count(*)::int AS n FROM served GROUP BY 1) x)
    AS "byAgeBand",
  (SELECT count(*) FROM served WHERE rural)::int AS rural,
  (SELECT coalesce(json_object_agg(k, n), '{}') FROM
     (SELECT language AS k, count(*)::int AS n FROM served GROUP BY 1) x)
    AS "byLanguage",
  (SELECT count(*) FROM interpreted)::int AS "interpreterUsed",
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
  FROM kinds`;

/** The statement and its parameters (the benchmark EXPLAINs the same). */
export function kpiAggregateQuery(
  programId: string,
  period: KpiPeriod,
  targetMinutes: number,
): { text: string; values: unknown[] } {
  return { text: SQL, values: kpiParams(programId, period, targetMinutes) };
}

export function loadKpiAggregates(
  db: Database,
  programId: string,
  period: KpiPeriod,
  targetMinutes: number,
): Promise<KpiAggregateRow> {
  return kpiStatement<KpiAggregateRow>(
    db,
    kpiAggregateQuery(programId, period, targetMinutes),
  );
}
