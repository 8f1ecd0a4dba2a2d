import { IllegalTransitionError } from '../errors';
import type { ParticipantState } from '../../signaling/protocol/call-events';

/**
 * A call's lifecycle, in one place. Pure: the call service loads rows, asks
 * these functions what happens, and writes the answer (state + ledger event).
 *
 *   call:        open ──end──▶ ended
 *   participant: absent ──join──▶ present ──drop──▶ reconnecting ──join──▶ present
 *                present|reconnecting ──leave──▶ left;  reconnecting ──expire──▶ left
 *                left ──join──▶ present (a new stint in the same call)
 */
export type CallStatus = 'open' | 'ended';
export type CallAction = 'end';

const CALL_TRANSITIONS: Record<
  CallStatus,
  Partial<Record<CallAction, CallStatus>>
> = {
  open: { end: 'ended' },
  ended: {},
};

export function nextCallStatus(
  from: CallStatus,
  action: CallAction,
): CallStatus {
  const to = CALL_TRANSITIONS[from][action];
  if (!to) throw new IllegalTransitionError('call', from, action);
  return to;
}

export type ParticipantAction = 'join' | 'drop' | 'leave' | 'expire';
/** What the billing ledger records for a transition (null: nothing billable changed). */
export type LedgerEventType =
  | 'participant_joined'
  | 'participant_dropped'
  | 'participant_reconnected'
  | 'participant_left';

type From = ParticipantState | 'absent';
interface Step {
  to: ParticipantState;
  event: LedgerEventType | null;
}

const PARTICIPANT_TRANSITIONS: Record<
  From,
  Partial<Record<ParticipantAction, Step>>
> = {
  absent: { join: { to: 'present', event: 'participant_joined' } },
  // Joining again while present: a second tab or a socket that reconnected before its drop was noticed.
  present: {
    join: { to: 'present', event: null },
    drop: { to: 'reconnecting', event: 'participant_dropped' },
    leave: { to: 'left', event: 'participant_left' },
  },
  reconnecting: {
    join: { to: 'present', event: 'participant_reconnected' },
    leave: { to: 'left', event: 'participant_left' },
    expire: { to: 'left', event: 'participant_left' },
  },
  left: { join: { to: 'present', event: 'participant_joined' } },
};

export function participantStep(from: From, action: ParticipantAction): Step {
  const step = PARTICIPANT_TRANSITIONS[from][action];
  if (!step) throw new IllegalTransitionError('call participant', from, action);
  return step;
}

export interface ParticipantPresence {
  state: ParticipantState;
  /** When they dropped or left; null while present. */
  goneAt: Date | null;
}

/** A dropped participant counts as gone once the grace window after the drop has passed. */
export function reconnectDeadline(
  p: ParticipantPresence,
  graceMs: number,
): Date | null {
  return p.state === 'reconnecting' && p.goneAt
    ? new Date(p.goneAt.getTime() + graceMs)
    : null;
}

/**
 * When an open call should end by itself: the last participant has been gone
 * for the grace window. Null while anyone is present or reconnecting (a
 * reconnecting one ends the call through its own expiry), or nobody ever came.
 */
export function emptyCallDeadline(
  participants: readonly ParticipantPresence[],
  graceMs: number,
): Date | null {
  if (participants.length === 0) return null;
  if (participants.some((p) => p.state !== 'left')) return null;
  const lastGone = Math.max(
    ...participants.map((p) => p.goneAt?.getTime() ?? 0),
  );
  return new Date(lastGone + graceMs);
}

export const isDue = (deadline: Date | null, now: Date): deadline is Date =>
  deadline !== null && deadline.getTime() <= now.getTime();
