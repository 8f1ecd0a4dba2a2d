import { REGISTRY_FLAGS, type RegistryFlag } from './registry-flags';
import type { RegistrySort } from './registry-row';

/**
 * The registry's flags and orders as SQL over one row of facts, so a page
 * is ranked, filtered and counted in the database (registry-page-query.ts)
 * instead of flagging every episode in JavaScript. The pure functions of
 * registry-flags.ts stay the definition: test/integration/registry-sql-
 * flags.test.ts holds these expressions equal to them on the same data.
 *
 * The columns they read (computed by the page statement):
 *   alert_open, started_on (date), lc (last contact, null when after now),
 *   last_review_at, weeks, pct (percent change, null without both scores),
 *   lt (latest total), minutes, thr (the month's threshold minutes).
 * `p` names the statement's placeholders.
 */
export interface FlagSqlParams {
  today: string;
  timeZone: string;
  noContactDays: string;
  notImprovingFromWeek: string;
  responseDropPercent: string;
  remissionBelow: string;
  reviewFreshDays: string;
  minutesShortWithin: string;
  /** A boolean: fewer than `minutesShortDaysLeft` days left in the month. */
  monthEndingSoon: string;
}

/** Columns a flag is built from, before the flags themselves. */
export function flagInputsSql(p: FlagSqlParams): string {
  return `coalesce(-pct >= ${p.responseDropPercent}::float8, false) AS responded,
      (last_review_at IS NOT NULL AND ${p.today}::date
         - (last_review_at AT TIME ZONE ${p.timeZone}::text)::date
         < ${p.reviewFreshDays}::int) AS reviewed`;
}

/** Each flag as a boolean expression over the facts and flagInputsSql. */
export function flagSql(p: FlagSqlParams): Record<RegistryFlag, string> {
  const notImproving = `(weeks >= ${p.notImprovingFromWeek}::int AND NOT responded)`;
  return {
    safety_alert_open: 'alert_open',
    needs_psychiatric_review: `((${notImproving} OR alert_open) AND NOT reviewed)`,
    not_improving: notImproving,
    no_contact: `(${p.today}::date - coalesce((lc AT TIME ZONE ${p.timeZone}::text)::date,
                   started_on) >= ${p.noContactDays}::int)`,
    new: '(lc IS NULL)',
    minutes_short: `(thr - minutes BETWEEN 1 AND ${p.minutesShortWithin}::int
                     AND ${p.monthEndingSoon}::boolean)`,
    response: 'responded',
    remission: `(lt IS NOT NULL AND lt < ${p.remissionBelow}::int)`,
  };
}

/** The flag's column in the flagged rows (quoted: `new` is a keyword). */
export const flagColumn = (f: RegistryFlag) => `"f_${f}"`;

/** The flags as boolean columns named by flagColumn. */
export function flagColumnsSql(p: FlagSqlParams): string {
  const sql = flagSql(p);
  return REGISTRY_FLAGS.map((f) => `${sql[f]} AS ${flagColumn(f)}`).join(
    ',\n      ',
  );
}

/** The rank of the most urgent flag (REGISTRY_FLAGS order); none last. */
export function rankSql(): string {
  const cases = REGISTRY_FLAGS.map(
    (f, i) => `WHEN ${flagColumn(f)} THEN ${i}`,
  ).join(' ');
  return `CASE ${cases} ELSE ${REGISTRY_FLAGS.length} END`;
}

/**
 * The ORDER BY of each sort over the rows aliased `a`: arrangeRows'
 * comparators (registry-row.ts), ending on the patient's id so pages
 * neither repeat nor skip a row.
 */
export function orderSql(sort: RegistrySort, a: string): string {
  const keys: Record<RegistrySort, string[]> = {
    needs_review: ['urgency', 'coalesce(#pct, 0) DESC', 'name', 'patient_id'],
    name: ['name', 'patient_id'],
    last_contact: ['last_contact_at ASC NULLS FIRST', 'name', 'patient_id'],
    minutes: ['#minutes - #thr', 'name', 'patient_id'],
  };
  return keys[sort]
    .map((k) => (k.includes('#') ? k.replaceAll('#', `${a}.`) : `${a}.${k}`))
    .join(', ');
}
