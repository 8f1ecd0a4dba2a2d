import type { Visitor } from '../../signaling/socket-identity';

/**
 * The one question the calls module asks about patients, guardians and
 * interpreters: may this visitor be in this call right now? The visits module
 * answers it from its waiting room (admitted = yes); the composition root
 * hands that answer to the call service.
 *
 * Checked on every `call:join`. To take someone out of a call that is running
 * (removed from the visit, visit over), the visits module calls
 * `calls.removeParticipant(callId, visitor.participantId)`.
 */
export interface CallAdmission {
  canJoin(visitor: Visitor, call: AdmissionCall): Promise<AdmissionDecision>;
}

export interface AdmissionCall {
  callId: string;
  consultId: string;
  /** Set when the call is a visit's own call. */
  visitId: string | null;
}

export type AdmissionDecision =
  /** `displayName` is what the others see (e.g. "Maya (patient)"); defaults to the role. */
  | { admitted: true; displayName?: string }
  /** `reason` is a code shown to the visitor, e.g. 'waiting_room', 'removed', 'visit_over'. */
  | { admitted: false; reason: string };
