import { daysBetween, localMidnight, addDays } from '../billing/calendar-days';
import { invalidFields } from '../errors';

/** The longest period a KPI page or report covers (a leap year). */
export const MAX_PERIOD_DAYS = 366;

/**
 * A reporting period: whole local days `from`..`to` (both included) in the
 * program's time zone, and the instants they start and end at. A consult at
 * 23:30 local on `to` is in; one at 00:10 local the day after is out.
 */
export interface KpiPeriod {
  from: string;
  to: string;
  timeZone: string;
  /** Days in the period, both ends included. */
  days: number;
  startMs: number;
  /** First instant after the period. */
  endMs: number;
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const realDate = (s: string) =>
  DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** Refuses (400) a malformed date, from after to, or more than 366 days. */
export function kpiPeriod(
  from: string,
  to: string,
  timeZone: string,
): KpiPeriod {
  const problems = [
    ...(realDate(from) ? [] : [{ field: 'from', message: 'is YYYY-MM-DD' }]),
    ...(realDate(to) ? [] : [{ field: 'to', message: 'is YYYY-MM-DD' }]),
  ];
  if (problems.length) throw invalidFields(problems);
  const days = daysBetween(from, to) + 1;
  if (days < 1)
    throw invalidFields([{ field: 'from', message: 'is after to' }]);
  if (days > MAX_PERIOD_DAYS)
    throw invalidFields([
      {
        field: 'to',
        message: `is more than ${MAX_PERIOD_DAYS} days after from`,
      },
    ]);
  return {
    from,
    to,
    timeZone,
    days,
    startMs: localMidnight(from, timeZone),
    endMs: localMidnight(addDays(to, 1), timeZone),
  };
}

/** Days two closed date ranges share (0 when apart). */
export function overlapDays(
  a: { from: string; to: string },
  b: { from: string; to: string },
): number {
  const from = a.from > b.from ? a.from : b.from;
  const to = a.to < b.to ? a.to : b.to;
  return to < from ? 0 : daysBetween(from, to) + 1;
}

/**
 * The local date of an instant inside the period, by binary search over the
 * period's local midnights (computed once): a year of consults needs no
 * time-zone formatting per row.
 */
export function localDayIn(period: KpiPeriod): (ms: number) => string {
  const dates: string[] = [];
  const starts: number[] = [];
  for (let i = 0; i < period.days; i++) {
    const d = addDays(period.from, i);
    dates.push(d);
    starts.push(i === 0 ? period.startMs : localMidnight(d, period.timeZone));
  }
  return (ms) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= ms) lo = mid;
      else hi = mid - 1;
    }
    return dates[lo]!;
  };
}
