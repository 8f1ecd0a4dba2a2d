import { localDate, monthOf } from '../billing/calendar-days';
import type { PayerRules } from '../billing/payer-rules';
import {
  monthThresholdMinutes,
  outcomeOf,
  REGISTRY_FLAGS,
  type RegistryFlag,
  registryFlags,
  type ScorePoint,
} from './registry-flags';
import type { RegistryRowFacts } from './registry-repository';
import type { RegistryThresholds } from './registry-thresholds';

/** One enrolled patient as the registry page shows them. */
export interface RegistryRow {
  patientId: string;
  enrollmentId: string;
  kind: 'cocm' | 'bhi';
  patientName: string;
  practiceId: string;
  practiceName: string;
  pcpId: string;
  pcpName: string;
  careManagerId: string;
  careManagerName: string;
  consultantId: string;
  instrument: string;
  startedOn: string;
  baseline: { total: number; at: string } | null;
  latest: { total: number; at: string } | null;
  percentChange: number | null;
  weeksInTreatment: number;
  lastContactAt: string | null;
  contacts: number;
  minutesThisMonth: number;
  thresholdMinutes: number;
  nextContactOn: string | null;
  lastReviewAt: string | null;
  lastRecommendation: string | null;
  flags: RegistryFlag[];
}

export const REGISTRY_SORTS = [
  'needs_review',
  'name',
  'last_contact',
  'minutes',
] as const;
export type RegistrySort = (typeof REGISTRY_SORTS)[number];

export interface RowContext {
  now: number;
  timeZone: string;
  thresholds: RegistryThresholds;
  rules: Pick<
    PayerRules['collaborativeCare'],
    'firstMonthFromMinutes' | 'laterMonthFromMinutes' | 'bhiFromMinutes'
  >;
}

const point = (s: ScorePoint | null) =>
  s && { total: s.total, at: new Date(s.at).toISOString() };

/** The names a row shows, read for one page of rows only. */
type NameColumns = 'practiceName' | 'pcpName' | 'careManagerName';

/** A row as flagged, counted and sorted: everything but the team's names. */
export type RankedRow = Omit<RegistryRow, NameColumns>;

/**
 * A registry row (without the team's names) from its SQL facts. The scores
 * are the baseline and latest SQL picked by outcomeOf's rule; outcomeOf
 * picks them again from the two, so the flags are the pure functions'. Pure.
 */
export function registryRow(f: RegistryRowFacts, ctx: RowContext): RankedRow {
  const scores: ScorePoint[] = [];
  for (const s of [f.baseline, f.latest])
    if (s)
      scores.push({ instrument: f.instrument, total: s.total, at: s.atMs });
  const safetyAlertOpen = f.safetyAlertOpen;
  const month = monthOf(localDate(ctx.now, ctx.timeZone));
  const thresholdMinutes = monthThresholdMinutes(
    f.kind,
    f.startedOn,
    month,
    ctx.rules,
  );
  const minutesThisMonth = Math.floor(f.monthMs / 60_000);
  const facts = {
    instrument: f.instrument,
    startedOn: f.startedOn,
    scores,
    contactAts: f.lastContactMs === null ? [] : [f.lastContactMs],
    lastReviewAt: f.lastReviewMs,
    safetyAlertOpen,
    minutesThisMonth,
    thresholdMinutes,
    now: ctx.now,
    timeZone: ctx.timeZone,
  };
  const o = outcomeOf(facts, ctx.thresholds);
  return {
    patientId: f.patientId,
    enrollmentId: f.enrollmentId,
    kind: f.kind,
    patientName: `${f.givenName} ${f.familyName}`,
    practiceId: f.practiceId,
    pcpId: f.pcpId,
    careManagerId: f.careManagerId,
    consultantId: f.consultantId,
    instrument: f.instrument,
    startedOn: f.startedOn,
    baseline: point(o.baseline),
    latest: point(o.latest),
    percentChange: o.percentChange,
    weeksInTreatment: o.weeksInTreatment,
    lastContactAt: iso(f.lastContactMs),
    contacts: f.contacts,
    minutesThisMonth,
    thresholdMinutes,
    nextContactOn: f.nextContactOn,
    lastReviewAt: iso(f.lastReviewMs),
    lastRecommendation: f.lastRecommendation,
    flags: registryFlags(facts, ctx.thresholds, o),
  };
}

const iso = (ms: number | null) =>
  ms === null ? null : new Date(ms).toISOString();

// One collator for every comparison: String#localeCompare builds one per
// call, which dominated sorting 10,000 rows.
const byName = new Intl.Collator('en').compare;

/** ISO instants in time order; none (never contacted) first. */
const isoOrder = (a: string | null, b: string | null) =>
  a === b ? 0 : (a ?? '') < (b ?? '') ? -1 : 1;

/** The rank of a row's most urgent flag (lower first); unflagged last. */
const urgency = (r: RankedRow): number =>
  r.flags.length ? REGISTRY_FLAGS.indexOf(r.flags[0]!) : REGISTRY_FLAGS.length;

// The last key of every order: the patient's id, so equal rows keep one
// order from request to request and pages neither repeat nor skip a row.
const byId = (a: RankedRow, b: RankedRow) =>
  a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : 0;

const COMPARE: Record<RegistrySort, (a: RankedRow, b: RankedRow) => number> = {
  // Most urgent flag first; among equals, the least improved first.
  needs_review: (a, b) =>
    urgency(a) - urgency(b) ||
    (b.percentChange ?? 0) - (a.percentChange ?? 0) ||
    byName(a.patientName, b.patientName) ||
    byId(a, b),
  name: (a, b) => byName(a.patientName, b.patientName) || byId(a, b),
  // Longest without contact first; never contacted before everyone.
  last_contact: (a, b) =>
    isoOrder(a.lastContactAt, b.lastContactAt) ||
    byName(a.patientName, b.patientName) ||
    byId(a, b),
  // Furthest below the month's threshold first.
  minutes: (a, b) =>
    a.minutesThisMonth -
      a.thresholdMinutes -
      (b.minutesThisMonth - b.thresholdMinutes) ||
    byName(a.patientName, b.patientName) ||
    byId(a, b),
};

/** Rows with a flag (when asked), sorted; and how many rows carry each flag. Pure. */
export function arrangeRows<R extends RankedRow>(
  rows: readonly R[],
  flag: RegistryFlag | undefined,
  sort: RegistrySort,
): { rows: R[]; flagCounts: Record<RegistryFlag, number> } {
  const flagCounts = Object.fromEntries(
    REGISTRY_FLAGS.map((f) => [f, 0]),
  ) as Record<RegistryFlag, number>;
  for (const r of rows) for (const f of r.flags) flagCounts[f]++;
  const kept = flag ? rows.filter((r) => r.flags.includes(flag)) : [...rows];
  return { rows: kept.sort(COMPARE[sort]), flagCounts };
}
