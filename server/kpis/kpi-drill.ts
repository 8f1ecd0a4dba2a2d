import type { Database } from '../db/database';
import type { Figure } from './kpi-figure';
import type { KpiPeriod } from './kpi-period';
import { KPI_CTES, WITHIN_TARGET, kpiParams, kpiStatement } from './kpi-sql';

/**
 * The ids behind one figure of the KPI page, in SQL: one statement over the
 * same rows the page counts (kpi-sql.ts) that returns only that figure's
 * ids (as one JSON array) and its denominator, instead of loading and
 * counting the whole period to pick one list out of it.
 *
 * Each entry: `ids` selects (id, k1, k2) rows, listed in k1, k2 order;
 * `denominator` is the page's denominator (null for a plain count); `keyed`
 * figures are breakdowns whose key ($8) follows the path.
 */
interface Drill {
  ids: string;
  denominator: string | null;
  keyed?: true;
}

const TOTAL = '(SELECT count(*) FROM c)';
const SERVED = '(SELECT count(*) FROM served)';
const ENROLLED = '(SELECT count(*) FROM enrolled)';
const PROVIDERS = '(SELECT count(*) FROM providers)';
const MEASURED = '(SELECT count(*) FROM c WHERE wait IS NOT NULL)';
const FEEDBACK = '(SELECT count(*) FROM fb)';

/** Consults of the period, by time then id (computeKpis' order). */
const consults = (where: string) =>
  `SELECT id, created_at AS k1, id AS k2 FROM c WHERE ${where}`;
/** Patients served, in the order of their first consults. */
const patients = (where: string) =>
  `SELECT patient_id AS id, created_at AS k1, id AS k2 FROM served
    WHERE ${where}`;
/** Distinct ids, by id. */
const distinct = (column: string, from: string) =>
  `SELECT DISTINCT ${column} AS id, ${column} AS k1, ${column} AS k2
     FROM ${from}`;

const status = (s: string): Drill => ({
  ids: consults(`status = '${s}'`),
  denominator: TOTAL,
});
const byKey = (where: string): Drill => ({
  ids: consults(where),
  denominator: TOTAL,
  keyed: true,
});

const DRILLS: Record<string, Drill> = {
  'consults.total': { ids: consults('true'), denominator: null },
  'consults.byType': byKey('consult_type = $8::text'),
  'consults.byReason': byKey('$8::text = ANY (reason_categories)'),
  'consults.byUrgency': byKey('urgency = $8::text'),
  'consults.byDisposition': byKey('disposition = $8::text'),
  'consults.byDiagnosis': byKey('$8::text = ANY (diagnosis_categories)'),
  'consults.completed': status('completed'),
  'consults.expired': status('expired'),
  'consults.cancelled': status('cancelled'),
  'reach.practicesEnrolled': {
    ids: distinct('id', 'enrolled'),
    denominator: null,
  },
  'reach.practicesServed': {
    ids: distinct('practice_id', 'c'),
    denominator: ENROLLED,
  },
  'reach.providersEnrolled': {
    ids: distinct('id', 'providers'),
    denominator: null,
  },
  'reach.providersServed': {
    ids: distinct('requested_by', 'c'),
    denominator: PROVIDERS,
  },
  'patients.served': { ids: patients('true'), denominator: null },
  'patients.byAgeBand': {
    ids: patients('band = $8::text'),
    denominator: SERVED,
    keyed: true,
  },
  'patients.rural': { ids: patients('rural'), denominator: SERVED },
  'patients.byLanguage': {
    ids: patients('language = $8::text'),
    denominator: SERVED,
    keyed: true,
  },
  'patients.interpreterUsed': {
    ids: distinct('patient_id', 'interpreted'),
    denominator: SERVED,
  },
  'callback.measured': {
    ids: consults('wait IS NOT NULL'),
    denominator: TOTAL,
  },
  'callback.withinTarget': {
    ids: consults(WITHIN_TARGET),
    denominator: MEASURED,
  },
  'trainings.sessions': {
    ids: 'SELECT id, held_on AS k1, id AS k2 FROM t',
    denominator: null,
  },
  'trainings.attendees': {
    ids: distinct(
      'a.user_id',
      'training_attendees a JOIN t ON t.id = a.training_id',
    ),
    denominator: PROVIDERS,
  },
  'feedback.useful': {
    ids: distinct('consult_id', 'fb WHERE useful'),
    denominator: FEEDBACK,
  },
  'feedback.wouldHaveReferredOut': {
    ids: distinct('consult_id', 'fb WHERE would_have_referred_out'),
    denominator: FEEDBACK,
  },
};

/** The drill of a figure path, and its breakdown key; null if none. */
export function drillOf(
  path: string,
): { drill: Drill; key: string | null } | null {
  const parts = path.split('.');
  const plain = Object.hasOwn(DRILLS, path) ? DRILLS[path] : undefined;
  if (plain && !plain.keyed) return { drill: plain, key: null };
  const name = parts.slice(0, 2).join('.');
  const keyed = Object.hasOwn(DRILLS, name) ? DRILLS[name] : undefined;
  if (!keyed?.keyed || parts.length < 3) return null;
  return { drill: keyed, key: parts.slice(2).join('.') };
}

/** One figure's ids and numbers, or null when the path names no figure. */
export async function loadKpiDrill(
  db: Database,
  programId: string,
  period: KpiPeriod,
  targetMinutes: number,
  path: string,
): Promise<Figure | null> {
  const found = drillOf(path);
  if (!found) return null;
  const { drill, key } = found;
  const values = kpiParams(programId, period, targetMinutes);
  if (key !== null) values.push(key);
  const row = await kpiStatement<{ ids: string; denominator: number | null }>(
    db,
    {
      text: `WITH ${KPI_CTES}
SELECT coalesce((SELECT json_agg(id ORDER BY k1, k2) FROM (${drill.ids}) x),
                '[]')::text AS ids,
       ${drill.denominator ?? 'NULL'}::int AS denominator`,
      values,
    },
  );
  const ids = JSON.parse(row.ids) as string[];
  return { numerator: ids.length, denominator: row.denominator, ids };
}
