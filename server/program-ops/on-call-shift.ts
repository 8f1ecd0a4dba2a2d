import { addDays } from '../billing/calendar-days';
import type { ShiftInput } from '../../signaling/protocol/rest/roster';
import { localInstant } from './program-hours';

/** The longest shift a roster accepts (a weekend of call). */
export const MAX_SHIFT_HOURS = 72;

export type ShiftProblem = { field: 'start' | 'end'; message: string };

/**
 * The instants a shift names, read as wall-clock times in the program's time
 * zone. An end at or before the start is on the next day (an overnight
 * shift). A time the clocks skip (02:30 on the spring-forward day) is refused
 * rather than moved, so the roster never shows a time nobody entered.
 */
export function shiftInstants(
  s: Pick<ShiftInput, 'date' | 'start' | 'end'>,
  timeZone: string,
): { startsMs: number; endsMs: number } | ShiftProblem {
  const startsMs = localInstant(s.date, s.start, timeZone);
  if (startsMs === null)
    return {
      field: 'start',
      message: `does not exist on ${s.date} in ${timeZone} (the clocks skip it)`,
    };
  const endDate = s.end <= s.start ? addDays(s.date, 1) : s.date;
  const endsMs = localInstant(endDate, s.end, timeZone);
  if (endsMs === null)
    return {
      field: 'end',
      message: `does not exist on ${endDate} in ${timeZone} (the clocks skip it)`,
    };
  if (endsMs - startsMs > MAX_SHIFT_HOURS * 3_600_000)
    return {
      field: 'end',
      message: `makes the shift longer than ${MAX_SHIFT_HOURS} hours`,
    };
  return { startsMs, endsMs };
}
