import type { PayerRules } from '../billing/payer-rules';
import {
  monthThresholdMinutes,
  type Outcome,
  outcomeOf,
  REGISTRY_FLAGS,
  type RegistryFlag,
  registryFlags,
  type ScorePoint,
} from './registry-flags';
import type {
  RegistryRowDetails,
  RegistryRowFacts,
} from './registry-repository';
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
  /** The local month of `now`, 'YYYY-MM'. */
  month: string;
  timeZone: string;
  thresholds: RegistryThresholds;
  rules: Pick<
    PayerRules['collaborativeCare'],
    'firstMonthFromMinutes' | 'laterMonthFromMinutes' | 'bhiFromMinutes'
  >;
}

const point = (s: ScorePoint | null) =>
  s && { total: s.total, at: new Date(s.at).toISOString() };

/** What orders and counts rows: a registry row's sort keys and flags. */
export type SortableRow = Pick<
  RegistryRow,
  | 'patientId'
  | 'patientName'
  | 'flags'
  | 'percentChange'
  | 'lastContactAt'
  | 'minutesThisMonth'
  | 'thresholdMinutes'
>;

/**
 * A row as flagged, counted and sorted, for every episode in scope: the
 * sort keys, the flags and what the page row is built from (for one page
 * only, with registryRow).
 */
export interface RankedRow extends SortableRow {
  facts: RegistryRowFacts;
  outcome: Outcome;
}

/**
 * Flags and sort keys of one episode from its SQL facts. The scores are
 * the baseline and latest SQL picked by outcomeOf's rule; outcomeOf picks
 * them again from the two, so the flags are the pure functions'. Pure.
 */
export function rankRow(f: RegistryRowFacts, ctx: RowContext): RankedRow {
  const scores: ScorePoint[] = [];
  if (f.baseline)
    scores.push({
      instrument: f.instrument,
      total: f.baseline.total,
      at: f.baseline.atMs,
    });
  if (f.latest)
    scores.push({
      instrument: f.instrument,
      total: f.latest.total,
      at: f.latest.atMs,
    });
  const thresholdMinutes = monthThresholdMinutes(
    f.kind,
    f.startedOn,
    ctx.month,
    ctx.rules,
  );
  const minutesThisMonth = Math.floor(f.monthMs / 60_000);
  const facts = {
    instrument: f.instrument,
    startedOn: f.startedOn,
    scores,
    contactAts: f.lastContactMs === null ? [] : [f.lastContactMs],
    lastReviewAt: f.lastReviewMs,
    safetyAlertOpen: f.safetyAlertOpen,
    minutesThisMonth,
    thresholdMinutes,
    now: ctx.now,
    timeZone: ctx.timeZone,
  };
  const outcome = outcomeOf(facts, ctx.thresholds);
  return {
    facts: f,
    outcome,
    patientId: f.patientId,
    patientName: f.patientName,
    flags: registryFlags(facts, ctx.thresholds, outcome),
    percentChange: outcome.percentChange,
    lastContactAt: iso(f.lastContactMs),
    minutesThisMonth,
    thresholdMinutes,
  };
}

/** The page's row: a ranked row with what only the page shows. Pure. */
export function registryRow(r: RankedRow, d: RegistryRowDetails): RegistryRow {
  const f = r.facts;
  return {
    ...d,
    patientId: f.patientId,
    enrollmentId: f.enrollmentId,
    kind: f.kind,
    patientName: f.patientName,
    instrument: f.instrument,
    startedOn: f.startedOn,
    baseline: point(r.outcome.baseline),
    latest: point(r.outcome.latest),
    percentChange: r.percentChange,
    weeksInTreatment: r.outcome.weeksInTreatment,
    lastContactAt: r.lastContactAt,
    minutesThisMonth: r.minutesThisMonth,
    thresholdMinutes: r.thresholdMinutes,
    lastReviewAt: iso(f.lastReviewMs),
    flags: r.flags,
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
const urgency = (r: SortableRow): number =>
  r.flags.length ? REGISTRY_FLAGS.indexOf(r.flags[0]!) : REGISTRY_FLAGS.length;

// The last key of every order: the patient's id, so equal rows keep one
// order from request to request and pages neither repeat nor skip a row.
const byId = (a: SortableRow, b: SortableRow) =>
  a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : 0;

const COMPARE: Record<
  RegistrySort,
  (a: SortableRow, b: SortableRow) => number
> = {
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
export function arrangeRows<R extends SortableRow>(
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
