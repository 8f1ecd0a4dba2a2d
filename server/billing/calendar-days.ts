/**
 * Calendar arithmetic on local dates ('YYYY-MM-DD') in a program's time zone.
 * Billing windows (7/14 days) and months are counted in the program's calendar,
 * not UTC: a consult at 9 pm Eastern on the 31st belongs to the 31st.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localParts(ms: number, timeZone: string): LocalParts {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(ms))
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  return {
    year: p.year!,
    month: p.month!,
    day: p.day!,
    hour: p.hour!,
    minute: p.minute!,
    second: p.second!,
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

// Local dates repeat a lot (many entries per day); a cache per zone keyed by the UTC quarter-hour keeps 1M conversions fast.
const dateCache = new Map<string, Map<number, string>>();

/** The local calendar date of an instant. */
export function localDate(at: Date | number, timeZone: string): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  // Offsets are whole quarter-hours everywhere, so any instant in the same UTC quarter-hour has the same local date.
  const key = Math.floor(ms / 900_000);
  let zone = dateCache.get(timeZone);
  if (!zone) dateCache.set(timeZone, (zone = new Map()));
  let d = zone.get(key);
  if (d === undefined) {
    const p = localParts(ms, timeZone);
    d = `${p.year}-${pad(p.month)}-${pad(p.day)}`;
    if (zone.size > 200_000) zone.clear();
    zone.set(key, d);
  }
  return d;
}

/** 'YYYY-MM' of a local date. */
export const monthOf = (date: string): string => date.slice(0, 7);

const dayNumber = (date: string): number =>
  Date.UTC(
    Number(date.slice(0, 4)),
    Number(date.slice(5, 7)) - 1,
    Number(date.slice(8, 10)),
  ) / 86_400_000;

/** Whole calendar days from a to b (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

export function addDays(date: string, days: number): string {
  return isoDay(dayNumber(date) + days);
}

const DAY_MS = 86_400_000;
// Days repeat (every span and window of a month falls on a few dozen), so their 'YYYY-MM-DD' is built once each.
const isoDays = new Map<number, string>();

/** The UTC date 'YYYY-MM-DD' of a day number (days since 1970-01-01), as Date#toISOString writes it. */
function isoDay(day: number): string {
  let d = isoDays.get(day);
  if (d === undefined) {
    d = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (isoDays.size > 100_000) isoDays.clear();
    isoDays.set(day, d);
  }
  return d;
}

const DIGITS = Array.from({ length: 60 }, (_, n) => pad(n));
const MILLIS = Array.from({ length: 1000 }, (_, n) => pad(n, 3));
// Years 0000-9999 print as four digits; outside them (or for NaN) Date#toISOString itself decides.
const ISO_FROM = Date.parse('0000-01-01T00:00:00.000Z');
const ISO_TO = Date.parse('9999-12-31T23:59:59.999Z');

/** The same string as new Date(ms).toISOString(), without a Date or its formatting per call (audit spans run to millions). */
export function isoInstant(ms: number): string {
  if (!(ms >= ISO_FROM && ms <= ISO_TO) || !Number.isInteger(ms))
    return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  let rest = ms - day * DAY_MS;
  const milli = rest % 1000;
  rest = (rest - milli) / 1000;
  const sec = rest % 60;
  rest = (rest - sec) / 60;
  return `${isoDay(day)}T${DIGITS[Math.floor(rest / 60)]}:${DIGITS[rest % 60]}:${DIGITS[sec]}.${MILLIS[milli]}Z`;
}

/** The instant local midnight starts on a date (handles DST by re-checking the offset). */
export function localMidnight(date: string, timeZone: string): number {
  const target = dayNumber(date) * 86_400_000;
  let guess = target;
  for (let i = 0; i < 3; i++) {
    const p = localParts(guess, timeZone);
    const asUtc = Date.UTC(
      p.year,
      p.month - 1,
      p.day,
      p.hour,
      p.minute,
      p.second,
    );
    const next = guess - (asUtc - target);
    if (next === guess) break;
    guess = next;
  }
  return guess;
}

/** First instant of a month and of the month after it, in local time. */
export function monthBounds(
  month: string,
  timeZone: string,
): { start: number; end: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${pad(m + 1)}`;
  return {
    start: localMidnight(`${month}-01`, timeZone),
    end: localMidnight(`${next}-01`, timeZone),
  };
}

export const isMonth = (s: string): boolean =>
  /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
