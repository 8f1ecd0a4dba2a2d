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

/** A registry row from its SQL facts, scores and alerts. Pure. */
export function registryRow(
  f: RegistryRowFacts,
  scores: readonly ScorePoint[],
  safetyAlertOpen: boolean,
  ctx: RowContext,
): RegistryRow {
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
    contactAts: f.lastContactAt ? [f.lastContactAt.getTime()] : [],
    lastReviewAt: f.lastReviewAt?.getTime() ?? null,
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
    practiceName: f.practiceName,
    pcpId: f.pcpId,
    pcpName: f.pcpName,
    careManagerId: f.careManagerId,
    careManagerName: f.careManagerName,
    consultantId: f.consultantId,
    instrument: f.instrument,
    startedOn: f.startedOn,
    baseline: point(o.baseline),
    latest: point(o.latest),
    percentChange: o.percentChange,
    weeksInTreatment: o.weeksInTreatment,
    lastContactAt: f.lastContactAt?.toISOString() ?? null,
    contacts: f.contacts,
    minutesThisMonth,
    thresholdMinutes,
    nextContactOn: f.nextContactOn,
    lastReviewAt: f.lastReviewAt?.toISOString() ?? null,
    lastRecommendation: f.lastRecommendation,
    flags: registryFlags(facts, ctx.thresholds),
  };
}

// One collator for every comparison: String#localeCompare builds one per
// call, which dominated sorting 10,000 rows.
const byName = new Intl.Collator('en').compare;

/** ISO instants in time order; none (never contacted) first. */
const isoOrder = (a: string | null, b: string | null) =>
  a === b ? 0 : (a ?? '') < (b ?? '') ? -1 : 1;

/** The rank of a row's most urgent flag (lower first); unflagged last. */
const urgency = (r: RegistryRow): number =>
  r.flags.length ? REGISTRY_FLAGS.indexOf(r.flags[0]!) : REGISTRY_FLAGS.length;

const COMPARE: Record<
  RegistrySort,
  (a: RegistryRow, b: RegistryRow) => number
> = {
  // Most urgent flag first; among equals, the least improved first.
  needs_review: (a, b) =>
    urgency(a) - urgency(b) ||
    (b.percentChange ?? 0) - (a.percentChange ?? 0) ||
    byName(a.patientName, b.patientName),
  name: (a, b) => byName(a.patientName, b.patientName),
  // Longest without contact first; never contacted before everyone.
  last_contact: (a, b) =>
    isoOrder(a.lastContactAt, b.lastContactAt) ||
    byName(a.patientName, b.patientName),
  // Furthest below the month's threshold first.
  minutes: (a, b) =>
    a.minutesThisMonth -
      a.thresholdMinutes -
      (b.minutesThisMonth - b.thresholdMinutes) ||
    byName(a.patientName, b.patientName),
};

/** Rows with a flag (when asked), sorted; and how many rows carry each flag. Pure. */
export function arrangeRows(
  rows: readonly RegistryRow[],
  flag: RegistryFlag | undefined,
  sort: RegistrySort,
): { rows: RegistryRow[]; flagCounts: Record<RegistryFlag, number> } {
  const flagCounts = Object.fromEntries(
    REGISTRY_FLAGS.map((f) => [f, 0]),
  ) as Record<RegistryFlag, number>;
  for (const r of rows) for (const f of r.flags) flagCounts[f]++;
  const kept = flag ? rows.filter((r) => r.flags.includes(flag)) : [...rows];
  return { rows: kept.sort(COMPARE[sort]), flagCounts };
}
