import { addDays, localDate } from '../billing/calendar-days';
import {
  alwaysOpen,
  spansOn,
  type ProgramHours,
} from '../program-ops/program-hours';

/**
 * The eConsult reply target in business time, on the program's own hours
 * (pure; `nowMs` passed in). Only time the program is open counts: a
 * question filed Friday at 16:00 on 08:00-18:00 weekdays has two hours
 * counted on Friday and is due one business day (ten open hours) later,
 * Monday at 16:00; a holiday adds a day; the spans are local wall-clock
 * times, so a DST weekend changes nothing for the clinician. Pauses (waiting
 * on the PCP) are taken out as wall time, as the row keeps only their sum.
 */
export interface BusinessCalendar {
  hours: ProgramHours;
  timeZone: string;
}

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/**
 * One business day as open time: the mean length of the week's open days
 * (08:00-18:00 every weekday is 10 hours).
 */
export function businessDayMs(hours: ProgramHours): number {
  const days = Object.values(hours.weekly)
    .map((spans) =>
      (spans ?? []).reduce(
        (n, s) => n + toMinutes(s.close) - toMinutes(s.open),
        0,
      ),
    )
    .filter((minutes) => minutes > 0);
  if (!days.length) return 24 * 3_600_000;
  return (days.reduce((a, b) => a + b, 0) / days.length) * 60_000;
}

/** Open time between two instants on the program's calendar. */
export function openMsBetween(
  cal: BusinessCalendar,
  fromMs: number,
  toMs: number,
): number {
  if (toMs <= fromMs) return 0;
  let total = 0;
  const last = localDate(toMs, cal.timeZone);
  for (
    let date = localDate(fromMs, cal.timeZone);
    date <= last;
    date = addDays(date, 1)
  )
    for (const s of spansOn(cal.hours, date, cal.timeZone))
      total += Math.max(
        0,
        Math.min(s.closeMs, toMs) - Math.max(s.openMs, fromMs),
      );
  return total;
}

/** Whether the calendar has hours at all (without, the target stays in wall hours). */
export const hasBusinessHours = (cal: BusinessCalendar | null) =>
  cal !== null && !alwaysOpen(cal.hours);

/** Open time counted against the target: pauses excluded. */
export function businessCountedMs(
  c: {
    queuedAtMs: number;
    pausedSeconds: number;
    awaitingSinceMs: number | null;
  },
  cal: BusinessCalendar,
  nowMs: number,
): number {
  const pausedNow =
    c.awaitingSinceMs === null
      ? 0
      : openMsBetween(cal, c.awaitingSinceMs, nowMs);
  return Math.max(
    0,
    openMsBetween(cal, c.queuedAtMs, nowMs) -
      c.pausedSeconds * 1000 -
      pausedNow,
  );
}
