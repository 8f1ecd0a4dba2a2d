import {
  ACTIVITY_CLASS,
  TIME_CLASSES,
  type LedgerEntryFact,
  type TimeClass,
} from './billing-facts';
import { isoInstant } from './calendar-days';
import {
  mergeIntervals,
  type CountedSpan,
  type TimeInterval,
} from './interval-merge';
import { splitEntries } from './ledger-entries';

/** One clinician's counted time on one consult (or one patient-month). */
export interface ClinicianTime {
  clinicianId: string;
  ms: Record<TimeClass, number>;
  totalMs: number;
  /** Whole minutes: CPT time is counted in completed minutes. */
  minutes: number;
  overlapMs: number;
  spans: CountedSpan[];
  /** Minutes-only ledger rows: added as given, they have no clock time to overlap-check. */
  unanchoredEntryIds: string[];
  /** Latest instant of counted work (date of service for time-based lines). */
  lastWorkAt: number | null;
}

const MINUTE = 60_000;

export function clinicianTime(
  clinicianId: string,
  intervals: readonly TimeInterval[],
  entries: readonly LedgerEntryFact[],
): ClinicianTime {
  const split = splitEntries(entries);
  const merged = mergeIntervals(intervals.concat(split.intervals));
  const ms = merged.ms;
  let total = merged.totalMs;
  let lastWorkAt = merged.spans.length
    ? merged.spans[merged.spans.length - 1]!.end
    : null;
  for (const e of split.unanchored) {
    const add = e.minutes! * MINUTE;
    ms[ACTIVITY_CLASS[e.activity]] += add;
    total += add;
    lastWorkAt = Math.max(lastWorkAt ?? 0, e.startedAt);
  }
  return {
    clinicianId,
    ms,
    totalMs: total,
    minutes: Math.floor(total / MINUTE),
    overlapMs: merged.overlapMs,
    spans: merged.spans,
    unanchoredEntryIds: split.unanchored.map((e) => e.id),
    lastWorkAt,
  };
}

const CLASS_LABEL = new Map<string, string>(
  TIME_CLASSES.map((c) => [c, c.replace('_', ' ')]),
);

/** "14 min: 9 discussion, 3 data review, 2 report writing; 1 min of overlap counted once". */
export function describeTime(t: ClinicianTime): string {
  const parts: string[] = [];
  for (const k in t.ms) {
    const v = t.ms[k as TimeClass];
    if (v > 0)
      parts.push(
        `${(v / MINUTE).toFixed(1)} ${CLASS_LABEL.get(k) ?? k.replace('_', ' ')}`,
      );
  }
  const overlap =
    t.overlapMs >= 1000
      ? `; ${(t.overlapMs / MINUTE).toFixed(1)} min of overlapping time counted once`
      : '';
  const unanchored = t.unanchoredEntryIds.length
    ? `; ${t.unanchoredEntryIds.length} minutes-only entr${t.unanchoredEntryIds.length === 1 ? 'y' : 'ies'} added as given`
    : '';
  return `${t.minutes} min (${parts.join(', ') || 'none'})${overlap}${unanchored}`;
}

/** The spans that counted, readable in an audit: start (ISO), length in minutes, class. */
export function countedSpans(
  t: ClinicianTime,
): { from: string; minutes: number; class: TimeClass }[] {
  return t.spans.map((s) => ({
    from: isoInstant(s.start),
    minutes: Math.round((s.end - s.start) / 600) / 100,
    class: s.cls,
  }));
}
