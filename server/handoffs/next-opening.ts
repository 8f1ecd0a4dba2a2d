/**
 * When a scheduled referral can first be seen: the start of the next
 * half-hour slot inside the program's opening hours (weekdays, 09:00-17:00
 * local time), at least `leadMinutes` from now. Pure: `now` is passed in and
 * the time zone is the program's.
 */
export interface OpeningHours {
  /** Local hour the first slot starts (inclusive). */
  openHour: number;
  /** Local hour the last slot ends (exclusive). */
  closeHour: number;
  /** Local weekdays with slots, 0 = Sunday. */
  weekdays: readonly number[];
  leadMinutes: number;
}

export const DEFAULT_OPENING_HOURS: OpeningHours = {
  openHour: 9,
  closeHour: 17,
  weekdays: [1, 2, 3, 4, 5],
  leadMinutes: 60,
};

const SLOT_MS = 30 * 60_000;
const WEEKDAY: Record<string, number> = {
  Sun: 0,
  Mon: 1,
  Tue: 2,
  Wed: 3,
  Thu: 4,
  Fri: 5,
  Sat: 6,
};

/** Local weekday and minute of day of an instant in a time zone. */
export function localTime(
  at: Date,
  timeZone: string,
): { weekday: number; minuteOfDay: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return {
    weekday: WEEKDAY[get('weekday')] ?? 0,
    minuteOfDay: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

/** The next opening, or null when the hours have no slot in two weeks. */
export function nextOpening(
  now: Date,
  timeZone: string,
  hours: OpeningHours = DEFAULT_OPENING_HOURS,
): Date | null {
  const earliest = now.getTime() + hours.leadMinutes * 60_000;
  let slot = Math.ceil(earliest / SLOT_MS) * SLOT_MS;
  // Slots are checked in local time, so DST changes need no special case.
  for (let i = 0; i < 14 * 48; i++, slot += SLOT_MS) {
    const t = localTime(new Date(slot), timeZone);
    const start = hours.openHour * 60;
    const lastStart = hours.closeHour * 60 - 30;
    if (
      hours.weekdays.includes(t.weekday) &&
      t.minuteOfDay >= start &&
      t.minuteOfDay <= lastStart
    )
      return new Date(slot);
  }
  return null;
}
