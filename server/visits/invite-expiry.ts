/**
 * When an invite link stops working: the configured lifetime counted from the
 * later of now and the scheduled start, so a link sent the day before still
 * works through the visit, and a "now" visit gets the whole window.
 */
export function inviteExpiresAt(
  now: Date,
  scheduledAt: Date,
  ttlMinutes: number,
): Date {
  const from = Math.max(now.getTime(), scheduledAt.getTime());
  return new Date(from + ttlMinutes * 60_000);
}
