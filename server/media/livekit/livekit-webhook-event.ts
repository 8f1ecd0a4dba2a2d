import type { MediaEventType } from '../media-backend';
import { callIdOfLivekitRoom } from './livekit-room-name';
import { isStaffRole } from './livekit-token';

export type LivekitCallEventType =
  | MediaEventType
  | 'media_room_started'
  | 'media_room_finished';

/** What one LiveKit webhook means for our call-event log. */
export type LivekitCallEvent =
  | {
      kind: 'record';
      callId: string;
      type: LivekitCallEventType;
      participantId: string | null;
      /** Set for staff participants, whose identity is a users.id. */
      userId: string | null;
      role: string | null;
      /** Codes and ids only. */
      details: Record<string, unknown>;
    }
  | { kind: 'ignore'; reason: string };

const TYPES: Partial<Record<string, LivekitCallEventType>> = {
  participant_joined: 'media_connected',
  participant_left: 'participant_left',
  participant_connection_aborted: 'participant_dropped',
  room_started: 'media_room_started',
  room_finished: 'media_room_finished',
};

const ROLES = new Set([
  'pcp',
  'psychiatrist',
  'bh_clinician',
  'care_manager',
  'coordinator',
  'patient',
  'guardian',
  'interpreter',
]);

/** The parts of a verified WebhookEvent we read (kept structural so tests can build them plainly). */
export interface LivekitWebhookFacts {
  id: string;
  event: string;
  createdAt?: bigint | number;
  room?: { name: string; sid?: string };
  participant?: {
    identity: string;
    sid?: string;
    attributes?: Record<string, string>;
  };
}

/**
 * Pure mapping from a verified LiveKit webhook to a call-event row.
 * participant_joined fires once the participant's connection is up, so it is
 * our media_connected; an aborted connection is a drop (they may come back).
 * Track events and rooms that are not ours are ignored.
 */
export function callEventForWebhook(e: LivekitWebhookFacts): LivekitCallEvent {
  const type = TYPES[e.event];
  if (!type) return { kind: 'ignore', reason: `event_${e.event || 'unknown'}` };
  const callId = e.room ? callIdOfLivekitRoom(e.room.name) : null;
  if (!callId) return { kind: 'ignore', reason: 'not_our_room' };
  const details: Record<string, unknown> = {
    webhookId: e.id,
    livekitEvent: e.event,
  };
  if (e.createdAt !== undefined) details.livekitCreatedAt = Number(e.createdAt);
  if (type === 'media_room_started' || type === 'media_room_finished') {
    return {
      kind: 'record',
      callId,
      type,
      participantId: null,
      userId: null,
      role: null,
      details,
    };
  }
  const p = e.participant;
  if (!p?.identity) return { kind: 'ignore', reason: 'no_participant' };
  const role =
    p.attributes?.role && ROLES.has(p.attributes.role)
      ? p.attributes.role
      : null;
  const userId = role && isStaffRole(role) ? p.identity : null;
  return {
    kind: 'record',
    callId,
    type,
    participantId: p.identity,
    userId,
    role,
    details,
  };
}
