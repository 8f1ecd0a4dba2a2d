import { IllegalTransitionError } from '../errors';
import type { ConsultStatus } from './consult';

/**
 * The consult lifecycle, in one table. `requested` is the moment of intake;
 * `triage` is with the coordinators; `queued`/`offered` are in the psychiatrist
 * line; `accepted` has a psychiatrist who has not started the call yet.
 */
export const CONSULT_TRANSITIONS: Readonly<
  Record<ConsultStatus, readonly ConsultStatus[]>
> = {
  // A care manager's video contact is born accepted: its requester is its
  // clinician, nobody is rung (server/registry/video-contact-service.ts).
  requested: ['triage', 'queued', 'pooled', 'accepted', 'cancelled'],
  // A coordinator forwards to the line, or resolves a resource & referral request themselves.
  triage: ['queued', 'completed', 'cancelled', 'expired'],
  queued: ['offered', 'cancelled', 'expired'],
  // Decline, timeout or a vanished psychiatrist put it back in line.
  offered: ['accepted', 'queued', 'cancelled', 'expired'],
  // The psychiatrist dropped before the call started: back to the front of the line.
  accepted: ['in_call', 'queued', 'cancelled'],
  in_call: ['wrap_up', 'completed'],
  wrap_up: ['completed'],
  completed: [],
  // A written eConsult: claimed from the pool by one psychiatrist; a
  // clarification waits on the PCP and comes back; the signed reply completes it.
  pooled: ['claimed', 'cancelled', 'expired'],
  claimed: ['awaiting_pcp', 'completed', 'cancelled'],
  awaiting_pcp: ['claimed', 'cancelled'],
  cancelled: [],
  expired: [],
};

export const TERMINAL_STATUSES: readonly ConsultStatus[] = [
  'completed',
  'cancelled',
  'expired',
];

export function canTransition(from: ConsultStatus, to: ConsultStatus): boolean {
  return CONSULT_TRANSITIONS[from].includes(to);
}

/** Throws IllegalTransitionError (409, code illegal_transition) unless the table allows it. */
export function assertTransition(from: ConsultStatus, to: ConsultStatus): void {
  if (!canTransition(from, to))
    throw new IllegalTransitionError('consult', from, to);
}
