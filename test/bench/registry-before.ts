/**
 * The registry page as it was read before migration 140 (kept for the
 * benchmark's "before" series, measured in the same run as the new page):
 * one statement summing every open episode's ledger rows and scores, then
 * every row flagged and sorted in JavaScript, then the page's names.
 */
import {
  localDate,
  monthBounds,
  monthOf,
} from '../../server/billing/calendar-days';
import { COLLABORATIVE_CARE_DEFAULTS } from '../../server/billing/payer-rules';
import type { Database, Queryable } from '../../server/db/database';
import type {
  RegistryRowDetails,
  RegistryRowFacts,
  RegistryScope,
} from '../../server/registry/registry-repository';
import { scopeFilters } from '../../server/registry/registry-repository';
import {
  arrangeRows,
  rankRow,
  registryRow,
} from '../../server/registry/registry-row';
import { registryProgram } from '../../server/registry/registry-program';

/** The old page: every row ranked in node, the first `limit` built. */
export async function pageBefore(
  db: Database,
  scope: RegistryScope,
  now: Date,
  limit: number,
) {
  const { timeZone, thresholds } = await registryProgram(db, scope.programId);
  const month = monthOf(localDate(now.getTime(), timeZone));
  const { start, end } = monthBounds(month, timeZone);
  const facts = await db.transaction(async (tx) => {
    if (db.kind === 'postgres') await tx.query('SET LOCAL jit = off');
    return registryRowFacts(tx, scope, {
      now,
      month: { start: new Date(start), end: new Date(end) },
      timeZone,
      baselineLookbackDays: thresholds.baselineLookbackDays,
    });
  });
  const ctx = {
    now: now.getTime(),
    month,
    timeZone,
    thresholds,
    rules: COLLABORATIVE_CARE_DEFAULTS,
  };
  const arranged = arrangeRows(
    facts.map((f) => rankRow(f, ctx)),
    undefined,
    'needs_review',
  );
  const page = arranged.rows.slice(0, limit);
  const details = await registryRowDetails(
    db,
    page.map((r) => r.facts.enrollmentId),
  );
  return page.map((r) => registryRow(r, details.get(r.facts.enrollmentId)!));
}

/** The instant, month and zone a registry read is made for. */
interface RegistryWindow {
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
async function registryRowFacts(
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
async function registryRowDetails(
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
 * SQL joins giving each open episode `ep` (registry_enrollments) of program
 * `programId` its baseline and latest score of the followed instrument
 * (`sc.first`, `sc.last`: [epoch ms, total] arrays; `sc.n` scores) and
 * `al.open` (an alert nobody acknowledged). The window is outcomeOf's:
 * from `lookbackDays` before the enrollment's first local day (program
 * zone) up to `now`; the latest counts only when there are two or more.
 * One pass over the program's scores (a hash aggregate), not a lookup per
 * episode. Arguments are placeholders ('$4') of the enclosing statement.
 */
function followedScoreJoins(p: {
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
