import { addDays, localDate, localMidnight } from '../billing/calendar-days';
import {
  WEEKDAYS,
  type ProgramHours,
} from '../../signaling/protocol/rest/program-hours';

export { type ProgramHours };

/** How far ahead an opening is looked for (covers a long holiday closure). */
const LOOKAHEAD_DAYS = 21;

/**
 * The instant a local wall-clock time happens on a local date, or null when
 * that time does not exist there (the hour skipped when clocks spring
 * forward). On the fall-back day an ambiguous time is its first occurrence.
 */
export function localInstant(
  date: string,
  hhmm: string,
  timeZone: string,
): number | null {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const midnight = localMidnight(date, timeZone);
  // Walk from local midnight by the wall-clock minutes, then correct by the offset change.
  let guess = midnight + (h * 60 + m) * 60_000;
  for (let i = 0; i < 2; i++) {
    const shown = wallClock(guess, timeZone);
    if (shown.date === date && shown.minutes === h * 60 + m) return guess;
    const diff =
      (shown.date === date ? shown.minutes : shown.minutes + 24 * 60) -
      (h * 60 + m);
    guess -= diff * 60_000;
  }
  const shown = wallClock(guess, timeZone);
  return shown.date === date && shown.minutes === h * 60 + m ? guess : null;
}

const hm = new Map<string, Intl.DateTimeFormat>();
function wallClock(ms: number, timeZone: string) {
  let f = hm.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    hm.set(timeZone, f);
  }
  const [h, m] = f.format(ms).split(':').map(Number) as [number, number];
  return { date: localDate(ms, timeZone), minutes: h * 60 + m };
}

const weekday = (date: string) =>
  WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()]!;

/** The opening spans of one local date as instants (a skipped time moves to the first valid minute after it). */
export function spansOn(
  hours: ProgramHours,
  date: string,
  timeZone: string,
): { openMs: number; closeMs: number }[] {
  if (hours.holidays.includes(date)) return [];
  return (hours.weekly[weekday(date)] ?? []).flatMap((o) => {
    const open =
      localInstant(date, o.open, timeZone) ??
      firstAfterGap(date, o.open, timeZone);
    const close =
      localInstant(date, o.close, timeZone) ??
      firstAfterGap(date, o.close, timeZone);
    return open !== null && close !== null && open < close
      ? [{ openMs: open, closeMs: close }]
      : [];
  });
}

/** The first existing minute after a skipped wall-clock time (03:00 after 02:30 in New York). */
function firstAfterGap(date: string, hhmm: string, tz: string): number | null {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  for (let add = 1; add <= 120; add++) {
    const t = h * 60 + m + add;
    if (t >= 24 * 60) return null;
    const s = `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
    const at = localInstant(date, s, tz);
    if (at !== null) return at;
  }
  return null;
}

/** No weekly hours at all: the program answers around the clock. */
export const alwaysOpen = (hours: ProgramHours) =>
  Object.values(hours.weekly).every((spans) => !spans?.length);

export function isOpen(
  hours: ProgramHours,
  timeZone: string,
  nowMs: number,
): boolean {
  if (alwaysOpen(hours)) return true;
  const today = localDate(nowMs, timeZone);
  return spansOn(hours, today, timeZone).some(
    (s) => nowMs >= s.openMs && nowMs < s.closeMs,
  );
}

/** The next instant the program opens (now, if open), or null within the lookahead. */
export function nextOpening(
  hours: ProgramHours,
  timeZone: string,
  nowMs: number,
): number | null {
  if (isOpen(hours, timeZone, nowMs)) return nowMs;
  const today = localDate(nowMs, timeZone);
  for (let d = 0; d <= LOOKAHEAD_DAYS; d++) {
    const date = addDays(today, d);
    const next = spansOn(hours, date, timeZone).find((s) => s.openMs > nowMs);
    if (next) return next.openMs;
  }
  return null;
}
