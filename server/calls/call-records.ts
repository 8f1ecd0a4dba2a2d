import type { AuditLog } from '../audit/audit-log';
import type { Queryable } from '../db/database';
import type { LiveChannel } from '../live/live-channel';
import { permissionsFor } from '../media/media-backend';
import type { CallParticipant } from '../../signaling/protocol/call-events';
import { callRoom } from '../../signaling/call-rooms';
import type { SocketIdentity } from '../../signaling/socket-identity';
import type { CallEvent, CallEventSource } from './call-event-writer';
import type { CallFacts } from './call-participants';
import type { ParticipantRow } from './call-repository';

/**
 * What a change in a call leaves behind, shared by joining, leaving, media
 * and ending: the ledger row, the push to the call's room, the audit row.
 */

/** A clinician or visitor acting in a call, as the ledger records them. */
export interface CallActor {
  participantId: string;
  userId: string | null;
  role: string;
}

/** The ledger row for one participant's step in a call. */
export function ledgerEntry(
  call: CallFacts,
  at: Date,
  type: CallEvent['type'],
  p: ParticipantRow,
  source: CallEventSource,
  details?: Record<string, unknown>,
): CallEvent {
  return {
    callId: call.callId,
    consultId: call.consultId,
    at,
    type,
    participantId: p.participantId,
    userId: p.userId,
    role: p.role,
    source,
    details,
  };
}

/** A participant as the protocol sends it. */
export function toWire(p: ParticipantRow): CallParticipant {
  return {
    participantId: p.participantId,
    role: p.role,
    displayName: p.displayName,
    state: p.state,
    peerSession: p.peerSession,
    audioMuted: p.audioMuted,
    videoMuted: p.videoMuted,
    mediaConnected: p.mediaConnected,
    permissions: permissionsFor(p.role, true),
  };
}

/** Tells everyone in the call about one participant's new state. */
export function pushParticipant(live: LiveChannel, p: ParticipantRow): void {
  live.toRoom(callRoom(p.callId), 'call:participant', {
    callId: p.callId,
    participant: toWire(p),
  });
}

/** The audit row of a join attempt (visitors by their role, never by name). */
export function auditCallJoin(
  audit: AuditLog,
  identity: SocketIdentity,
  call: Pick<CallFacts, 'callId' | 'consultId' | 'patientId'>,
  outcome: 'allowed' | 'denied',
  details: Record<string, unknown>,
  tx?: Queryable,
): Promise<void> {
  const who =
    identity.kind === 'user'
      ? { userId: identity.userId, role: identity.role }
      : { actorLabel: `visit-${identity.role}` };
  return audit.record(
    {
      action: 'call.join',
      outcome,
      ...who,
      patientId: call.patientId,
      resourceType: 'call',
      resourceId: call.callId,
      details: { consultId: call.consultId, ...details },
    },
    tx,
  );
}
