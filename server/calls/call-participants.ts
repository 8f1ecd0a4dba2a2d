import { decide } from '../auth/access-policy';
import type { Principal } from '../auth/roles';
import type { MediaParticipantRole } from '../media/media-backend';
import type { Visitor } from '../../signaling/socket-identity';

/** What decides who may be in a call: the call and the consult it belongs to. */
export interface CallFacts {
  callId: string;
  consultId: string;
  visitId: string | null;
  status: 'open' | 'ended';
  /** The media backend the call was opened on (p2p, mediasoup, livekit). */
  mediaBackend: string;
  programId: string;
  patientId: string;
  consultStatus: string;
  requestedBy: string;
  assignedPsychiatristId: string | null;
}

/** Consult statuses during which its clinicians may be in a call. */
/** What the join and view rules look at (not how media flows). */
export type CallAccessFacts = Omit<CallFacts, 'mediaBackend'>;

export const CALLABLE_CONSULT_STATUSES: readonly string[] = [
  'accepted',
  'in_call',
  'wrap_up',
];

export type JoinDecision =
  | {
      allowed: true;
      participantId: string;
      userId: string | null;
      role: MediaParticipantRole;
    }
  | { allowed: false; code: string; message: string };

const refuse = (code: string, message: string): JoinDecision => ({
  allowed: false,
  code,
  message,
});
const NOT_PARTICIPANT = refuse(
  'not_a_participant',
  'You are not a participant in this call.',
);

/**
 * A clinician's seat in the call is their own role: a behavioral health
 * clinician answering a warm handoff is recorded as `bh_clinician`, so the
 * call log and billing never take their minutes for a psychiatrist's.
 */
const CALL_ROLE_OF: Partial<Record<Principal['role'], MediaParticipantRole>> = {
  pcp: 'pcp',
  psychiatrist: 'psychiatrist',
  bh_clinician: 'bh_clinician',
  // A care manager's video contact (issue #16): their own seat, so no
  // consultant rule ever reads their minutes.
  care_manager: 'care_manager',
};

/**
 * Clinicians: the PCP who requested the consult and the psychiatrist assigned
 * to it, while the consult is callable. Everyone else (another PCP of the same
 * practice, a coordinator, another program) is refused.
 */
export function clinicianJoinDecision(
  p: Principal,
  c: CallAccessFacts,
): JoinDecision {
  if (c.status !== 'open') return refuse('call_ended', 'This call has ended.');
  if (!decide('call_media', p, c).allowed) return NOT_PARTICIPANT;
  const role = CALL_ROLE_OF[p.role];
  if (!role) return NOT_PARTICIPANT;
  if (!CALLABLE_CONSULT_STATUSES.includes(c.consultStatus))
    return refuse(
      'consult_not_in_call_stage',
      'This consult is not ready for a call.',
    );
  return { allowed: true, participantId: p.userId, userId: p.userId, role };
}

/** Visitors: their invite must belong to this consult (and this visit, for a visit call); admission is asked next. */
export function visitorJoinDecision(
  v: Visitor,
  c: CallAccessFacts,
): JoinDecision {
  if (c.status !== 'open') return refuse('call_ended', 'This call has ended.');
  if (v.programId !== c.programId || v.consultId !== c.consultId)
    return NOT_PARTICIPANT;
  if (c.visitId !== null && v.visitId !== c.visitId) return NOT_PARTICIPANT;
  return {
    allowed: true,
    participantId: v.participantId,
    userId: null,
    role: v.role,
  };
}

/** Who may read a call's details and ledger over REST (participants, and program staff). */
export function canViewCall(p: Principal, c: CallAccessFacts): boolean {
  return decide('call', p, c).allowed;
}
