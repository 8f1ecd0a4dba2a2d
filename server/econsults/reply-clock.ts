import type { ConsultStatus } from '../consults/consult';
import {
  businessCountedMs,
  businessDayMs,
  hasBusinessHours,
  type BusinessCalendar,
} from './business-reply-clock';

/**
 * The eConsult reply clock, as plain functions (no I/O, `nowMs` passed in).
 * It runs from the moment the eConsult reached the pool; time spent waiting
 * on the PCP's answer to a clarification does not count.
 */
export interface ReplyClockInput {
  status: ConsultStatus;
  queuedAtMs: number;
  /** Seconds of pauses that already ended. */
  pausedSeconds: number;
  /** When the current pause began (status awaiting_pcp), else null. */
  awaitingSinceMs: number | null;
}

export interface ReplyClockSettings {
  econsultReplyTargetHours: number;
  /** The target where the program has hours (default 1 business day). */
  econsultReplyTargetBusinessDays: number;
  econsultExpireAfterHours: number;
}

const HOUR_MS = 3_600_000;

/** Milliseconds counted against the target so far. */
export function countedMs(c: ReplyClockInput, nowMs: number): number {
  const pausedNow =
    c.awaitingSinceMs === null ? 0 : Math.max(0, nowMs - c.awaitingSinceMs);
  return Math.max(0, nowMs - c.queuedAtMs - c.pausedSeconds * 1000 - pausedNow);
}

/** When the reply is due, or null while paused (the due time moves). */
export function replyDueAtMs(
  c: ReplyClockInput,
  s: ReplyClockSettings,
): number | null {
  if (c.awaitingSinceMs !== null) return null;
  return (
    c.queuedAtMs + s.econsultReplyTargetHours * HOUR_MS + c.pausedSeconds * 1000
  );
}

export type SweepAction = 'overdue' | 'expire' | null;

/**
 * What the sweeper does with an open eConsult now: expire it (unclaimed past
 * the expiry setting), alert the coordinators (past the reply target, not
 * paused, not alerted yet), or nothing. Expiry wins: an expired eConsult
 * needs no reply.
 */
export function sweepAction(
  c: ReplyClockInput & { alerted: boolean },
  s: ReplyClockSettings,
  nowMs: number,
  calendar: BusinessCalendar | null = null,
): SweepAction {
  if (
    c.status === 'pooled' &&
    nowMs - c.queuedAtMs >= s.econsultExpireAfterHours * HOUR_MS
  )
    return 'expire';
  if (c.alerted || (c.status !== 'pooled' && c.status !== 'claimed'))
    return null;
  // With program hours the target is business days of open time; without, wall hours.
  if (calendar && hasBusinessHours(calendar))
    return businessCountedMs(c, calendar, nowMs) >=
      s.econsultReplyTargetBusinessDays * businessDayMs(calendar.hours)
      ? 'overdue'
      : null;
  return countedMs(c, nowMs) >= s.econsultReplyTargetHours * HOUR_MS
    ? 'overdue'
    : null;
}
