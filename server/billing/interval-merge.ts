import { TIME_CLASSES, type TimeClass } from './billing-facts';

export interface TimeInterval {
  start: number;
  end: number;
  cls: TimeClass;
}

export interface CountedSpan {
  start: number;
  end: number;
  cls: TimeClass;
}

export interface MergedTime {
  /** Milliseconds counted per class after removing overlaps. */
  ms: Record<TimeClass, number>;
  totalMs: number;
  /** Milliseconds that overlapped another interval of the same clinician and were not counted again. */
  overlapMs: number;
  spans: CountedSpan[];
}

/**
 * When one clinician's intervals overlap (a call while a chart-review entry
 * runs), the shared time counts once, as the class earliest in this list:
 * talking outranks writing, writing outranks reviewing.
 */
const PRECEDENCE: readonly TimeClass[] = [
  'discussion',
  'report_writing',
  'referral_prep',
  'data_review',
  'care_management',
];
const RANK = new Map(PRECEDENCE.map((c, i) => [c, i]));

export function emptyClassTotals(): Record<TimeClass, number> {
  const totals = {} as Record<TimeClass, number>;
  for (const c of TIME_CLASSES) totals[c] = 0;
  return totals;
}

// Scratch space for the boundaries of up to 128 intervals, reused: a typed array per call is an off-heap allocation the GC must sweep, millions of times a month.
const scratch = new Float64Array(256);

/** Sorts the first n numbers ascending: by insertion when few (most clinicians log a handful), sparing a typed-array view and a native call. */
function sortPrefix(a: Float64Array, n: number): Float64Array {
  if (n > 32) return a.subarray(0, n).sort();
  for (let i = 1; i < n; i++) {
    const x = a[i]!;
    let j = i - 1;
    while (j >= 0 && a[j]! > x) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = x;
  }
  return a;
}

/** Union of one clinician's intervals with class precedence (sweep line, O(n log n)). */
export function mergeIntervals(intervals: readonly TimeInterval[]): MergedTime {
  const ms = emptyClassTotals();
  const spans: CountedSpan[] = [];
  let raw = 0;
  // Each boundary packed in one number (time, end-before-start at equal times, class rank) so a numeric typed-array sort orders them.
  const points =
    intervals.length * 2 <= scratch.length
      ? scratch
      : new Float64Array(intervals.length * 2);
  let n = 0;
  for (const iv of intervals) {
    if (!(iv.end > iv.start)) continue;
    raw += iv.end - iv.start;
    const rank = RANK.get(iv.cls)!;
    points[n++] = iv.start * 16 + 8 + rank;
    points[n++] = iv.end * 16 + rank;
  }
  const sorted = sortPrefix(points, n);
  const active = new Array<number>(PRECEDENCE.length).fill(0);
  let total = 0;
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const p = sorted[i]!;
    const t = Math.floor(p / 16);
    const low = p - t * 16;
    const rank = low & 7;
    let winner = 0;
    while (winner < active.length && !(active[winner]! > 0)) winner++;
    if (winner < active.length && t > prev) {
      const cls = PRECEDENCE[winner]!;
      ms[cls] += t - prev;
      total += t - prev;
      const last = spans[spans.length - 1];
      if (last && last.cls === cls && last.end === prev) last.end = t;
      else spans.push({ start: prev, end: t, cls });
    }
    active[rank]! += low >= 8 ? 1 : -1;
    prev = t;
  }
  return { ms, totalMs: total, overlapMs: raw - total, spans };
}
