import type { Database } from '../db/database';
import type { KpiPeriod } from './kpi-period';

/**
 * The rows every KPI figure counts, as SQL common table expressions shared
 * by the page (kpi-aggregates.ts: counts only) and the drill-down
 * (kpi-drill.ts: the ids behind one figure), so a figure's ids and its
 * number come from one definition. computeKpis (compute-kpis.ts) states the
 * same rules in TypeScript; test/integration/kpi-sql-agreement.test.ts holds
 * the two together.
 *
 * Parameters: $1 program, $2 and $3 the period's first instant and the one
 * after it, $4 and $5 its first and last local dates, $6 the program's time
 * zone, $7 the callback target in minutes (drill-down adds $8, a key).
 *
 * Why it is shaped so (EXPLAIN ANALYZE on the bench:kpis year, see
 * docs/program-reports.md): each practice's enrolment dates become instants
 * once per practice in a subquery the planner hashes (200 rows), never a
 * time-zone conversion per consult; `c` keeps only the columns figures
 * read, and the callback wait as an interval (no per-row epoch arithmetic);
 * instants are compared as stored, to the microsecond.
 */
export const KPI_CTES = `
-- The target, named once so every statement types $7 alike (a drill that
-- does not compare waits still sends it).
target AS (SELECT $7::float8 AS minutes),
-- The period's psychiatry consults made on a day their practice was enrolled.
c AS MATERIALIZED (
  SELECT c.id, c.practice_id, c.requested_by, c.patient_id, c.consult_type,
         c.urgency, c.status, c.disposition, c.reason_categories,
         c.diagnosis_categories, c.created_at,
         c.call_started_at - c.created_at AS wait, pr.rural
    FROM consults c
    JOIN (SELECT id, rural,
                 enrolled_on::timestamp AT TIME ZONE $6::text AS from_at,
                 coalesce((withdrawn_on + 1)::timestamp AT TIME ZONE $6::text,
                          'infinity') AS to_at
            FROM practices WHERE program_id = $1::uuid
          OFFSET 0) pr ON pr.id = c.practice_id
   WHERE c.program_id = $1::uuid AND c.line = 'psychiatry'
     AND c.created_at >= $2::timestamptz AND c.created_at < $3::timestamptz
     AND c.created_at >= pr.from_at AND c.created_at < pr.to_at),
-- The birth dates that turn 6, 12, 18 and 22 on each local day of the
-- period (366 at most): a patient's age band is then four comparisons with
-- the entries of their first consult's day.
bands AS (
  SELECT array_agg((d - interval '6 years')::date ORDER BY d) AS y6,
         array_agg((d - interval '12 years')::date ORDER BY d) AS y12,
         array_agg((d - interval '18 years')::date ORDER BY d) AS y18,
         array_agg((d - interval '22 years')::date ORDER BY d) AS y22
    FROM generate_series($4::date::timestamp, $5::date::timestamp,
                         interval '1 day') d),
-- Each patient served once, described at their first consult of the
-- period (by time, then id); i is that consult's day in the period.
served AS MATERIALIZED (
  SELECT f.patient_id, f.id, f.created_at, f.rural,
         p.preferred_language AS language,
         CASE WHEN p.birth_date > b.y6[f.i] THEN '0-5'
              WHEN p.birth_date > b.y12[f.i] THEN '6-11'
              WHEN p.birth_date > b.y18[f.i] THEN '12-17'
              WHEN p.birth_date > b.y22[f.i] THEN '18-21'
              ELSE '22+' END AS band
    FROM (SELECT f.*,
                 (f.created_at AT TIME ZONE $6::text)::date - $4::date + 1 AS i
            FROM (SELECT DISTINCT ON (patient_id)
                         patient_id, id, created_at, rural
                    FROM c ORDER BY patient_id, created_at, id) f
          OFFSET 0) f
    JOIN patients p ON p.id = f.patient_id
    CROSS JOIN bands b),
interpreted AS (
  SELECT DISTINCT c.patient_id FROM c
   WHERE c.id IN (SELECT v.consult_id FROM visits v
                    JOIN visit_participants vp ON vp.visit_id = v.id
                   WHERE v.program_id = $1::uuid AND vp.role = 'interpreter')),
-- Practices enrolled on some day of the period, with how many of its days.
enrolled AS (
  SELECT id, least(coalesce(withdrawn_on, $5::date), $5::date)
             - greatest(enrolled_on, $4::date) + 1 AS days
    FROM practices
   WHERE program_id = $1::uuid AND enrolled_on <= $5::date
     AND (withdrawn_on IS NULL OR withdrawn_on >= $4::date)),
providers AS (
  SELECT u.id FROM users u JOIN enrolled e ON e.id = u.practice_id
   WHERE u.program_id = $1::uuid AND u.role = 'pcp'),
t AS (
  SELECT id, held_on, minutes, cme_credits FROM trainings
   WHERE program_id = $1::uuid AND held_on BETWEEN $4::date AND $5::date),
fb AS (
  SELECT f.consult_id, f.useful, f.would_have_referred_out
    FROM consult_feedback f JOIN c ON c.id = f.consult_id)`;

/** A consult of `c` called back within the target. */
export const WITHIN_TARGET = `wait <= $7::float8 * interval '1 minute'`;

/** The shared parameters ($1-$7) of a period. */
export function kpiParams(
  programId: string,
  period: KpiPeriod,
  targetMinutes: number,
): unknown[] {
  return [
    programId,
    new Date(period.startMs),
    new Date(period.endMs),
    period.from,
    period.to,
    period.timeZone,
    targetMinutes,
  ];
}

/**
 * Memory for the period's consults (about 8 MB for a year of 50,000): with
 * the default 4 MB of work_mem they spill to a temp file and every read of
 * `c` goes to disk.
 */
export const KPI_WORK_MEM = '64MB';

/**
 * Settings for one KPI statement, ended with its transaction: the memory
 * above; no JIT (compiling the statement cost more than running it, up to
 * 2 s on a loaded machine); a plan for this period's bounds each time, not
 * a generic one made for any period after five runs of the prepared
 * statement.
 */
export const KPI_SETTINGS = [
  `SET LOCAL work_mem = '${KPI_WORK_MEM}'`,
  'SET LOCAL jit = off',
  'SET LOCAL plan_cache_mode = force_custom_plan',
].join('; ');

/** Runs one KPI statement with KPI_SETTINGS; its first row. */
export async function kpiStatement<T>(
  db: Database,
  q: { text: string; values: unknown[] },
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.exec(KPI_SETTINGS);
    const { rows } = await tx.query<T>(q.text, q.values);
    return rows[0]!;
  });
}
