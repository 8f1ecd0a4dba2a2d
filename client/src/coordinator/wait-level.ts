/** How a request's wait compares with the program target: drives row colour and the words beside it. */
export type WaitLevel = 'on_track' | 'near' | 'breached';

/** "Near" from two thirds of the target, so a coordinator has time to act before the breach. */
export const NEAR_FRACTION = 2 / 3;

export function waitLevel(
  waitedMinutes: number,
  targetMinutes: number,
): WaitLevel {
  if (waitedMinutes >= targetMinutes) return 'breached';
  if (waitedMinutes >= targetMinutes * NEAR_FRACTION) return 'near';
  return 'on_track';
}
