import {
  addDays,
  daysBetween,
  localDate,
  monthBounds,
  monthOf,
} from '../billing/calendar-days';
import type { RegistryThresholds } from './registry-thresholds';

/** The registry's flags, in the order "needs review first" ranks them. */
export const REGISTRY_FLAGS = [
  'safety_alert_open',
  'needs_psychiatric_review',
  'not_improving',
  'no_contact',
  'new',
  'minutes_short',
  'response',
  'remission',
] as const;
export type RegistryFlag = (typeof REGISTRY_FLAGS)[number];

/** One rating-scale total: the plain input the registry reads. */
export interface ScorePoint {
  instrument: string;
  total: number;
  at: number;
}

/** What the flags of one patient are computed from (all instants in ms). */
export interface RegistryFacts {
  instrument: string;
  /** The enrollment's first local day, 'YYYY-MM-DD'. */
  startedOn: string;
  scores: readonly ScorePoint[];
  /** Care-manager contacts since enrollment. */
  contactAts: readonly number[];
  lastReviewAt: number | null;
  safetyAlertOpen: boolean;
  /** Care-manager minutes counted this month (program time zone). */
  minutesThisMonth: number;
  /** Minutes the month's CoCM/BHI code needs (see monthThresholdMinutes). */
  thresholdMinutes: number;
  now: number;
  timeZone: string;
}

export interface Outcome {
  baseline: ScorePoint | null;
  latest: ScorePoint | null;
  /** (latest - baseline) / baseline, in percent; negative is better. */
  percentChange: number | null;
  weeksInTreatment: number;
}

/** Baseline, latest and the change, for the patient's instrument. Pure. */
export function outcomeOf(f: RegistryFacts, t: RegistryThresholds): Outcome {
  const from = addDays(f.startedOn, -t.baselineLookbackDays);
  const own = f.scores
    .filter(
      (s) =>
        s.instrument === f.instrument &&
        localDate(s.at, f.timeZone) >= from &&
        s.at <= f.now,
    )
    .sort((a, b) => a.at - b.at);
  const baseline = own[0] ?? null;
  const latest = own.length > 1 ? own[own.length - 1]! : null;
  const today = localDate(f.now, f.timeZone);
  return {
    baseline,
    latest,
    percentChange:
      baseline && latest && baseline.total > 0
        ? Math.round(
            ((latest.total - baseline.total) / baseline.total) * 1000,
          ) / 10
        : null,
    weeksInTreatment: Math.max(
      0,
      Math.floor(daysBetween(f.startedOn, today) / 7),
    ),
  };
}

/**
 * Every flag of one patient. Pure: same facts, same flags. A caller that
 * already has the outcome of these facts passes it instead of a second
 * computation (the registry page does, 10,000 times).
 */
export function registryFlags(
  f: RegistryFacts,
  t: RegistryThresholds,
  o: Outcome = outcomeOf(f, t),
): RegistryFlag[] {
  const today = localDate(f.now, f.timeZone);
  const contacts = f.contactAts.filter((at) => at <= f.now);
  const lastContact = contacts.length ? Math.max(...contacts) : null;
  const quietSince = lastContact
    ? localDate(lastContact, f.timeZone)
    : f.startedOn;
  const drop = o.percentChange === null ? null : -o.percentChange;
  const responded = drop !== null && drop >= t.responseDropPercent;
  const notImproving =
    o.weeksInTreatment >= t.notImprovingFromWeek && !responded;
  const reviewedRecently =
    f.lastReviewAt !== null &&
    daysBetween(localDate(f.lastReviewAt, f.timeZone), today) <
      t.reviewFreshDays;
  const flags = new Set<RegistryFlag>();
  if (f.safetyAlertOpen) flags.add('safety_alert_open');
  if ((notImproving || f.safetyAlertOpen) && !reviewedRecently)
    flags.add('needs_psychiatric_review');
  if (notImproving) flags.add('not_improving');
  if (daysBetween(quietSince, today) >= t.noContactDays)
    flags.add('no_contact');
  if (lastContact === null) flags.add('new');
  if (minutesShort(f, t)) flags.add('minutes_short');
  if (responded) flags.add('response');
  if (o.latest && o.latest.total < t.remissionBelow) flags.add('remission');
  return REGISTRY_FLAGS.filter((x) => flags.has(x));
}

/**
 * Under the month's threshold by `minutesShortWithin` or less, with fewer
 * than `minutesShortDaysLeft` days left in the program's local month.
 */
function minutesShort(f: RegistryFacts, t: RegistryThresholds): boolean {
  const missing = f.thresholdMinutes - f.minutesThisMonth;
  if (missing <= 0 || missing > t.minutesShortWithin) return false;
  const end = monthEnd(monthOf(localDate(f.now, f.timeZone)), f.timeZone);
  return end - f.now < t.minutesShortDaysLeft * 86_400_000;
}

// A registry page asks for the same month thousands of times; the answer
// never changes, so keep it (a handful of months and zones at most).
const monthEnds = new Map<string, number>();
function monthEnd(month: string, timeZone: string): number {
  const key = `${month} ${timeZone}`;
  let end = monthEnds.get(key);
  if (end === undefined) {
    if (monthEnds.size > 1000) monthEnds.clear();
    end = monthBounds(month, timeZone).end;
    monthEnds.set(key, end);
  }
  return end;
}

/**
 * Minutes the month's code needs: CoCM's first-month or later-month
 * threshold (99492 / 99493), or BHI's (99484). Pure.
 */
export function monthThresholdMinutes(
  kind: 'cocm' | 'bhi',
  startedOn: string,
  month: string,
  rules: {
    firstMonthFromMinutes: number;
    laterMonthFromMinutes: number;
    bhiFromMinutes: number;
  },
): number {
  if (kind === 'bhi') return rules.bhiFromMinutes;
  return monthOf(startedOn) === month
    ? rules.firstMonthFromMinutes
    : rules.laterMonthFromMinutes;
}
