import { AccessToken } from 'livekit-server-sdk';
import type { MediaParticipant, MediaParticipantRole } from '../media-backend';
import { videoGrantFor } from './livekit-grants';
import { livekitRoomName } from './livekit-room-name';

/** Roles that are staff accounts: their participant id is a users.id. */
const STAFF_ROLES: readonly MediaParticipantRole[] = [
  'pcp',
  'psychiatrist',
  'bh_clinician',
  'care_manager',
  'coordinator',
];

export function isStaffRole(role: string): boolean {
  return (STAFF_ROLES as readonly string[]).includes(role);
}

export interface LivekitCredentials {
  apiKey: string;
  apiSecret: string;
}

/**
 * A short-lived join token for one participant of one call. The token only has
 * to be valid when the client connects: LiveKit refreshes it on the open
 * connection, so a short TTL costs nothing and limits a leaked link.
 * Attributes carry the role (no names beyond the display name the room shows)
 * so webhooks can write the participant's role to the call-event log.
 */
export async function issueLivekitToken(
  creds: LivekitCredentials,
  p: MediaParticipant,
  ttlSeconds: number,
): Promise<string> {
  const at = new AccessToken(creds.apiKey, creds.apiSecret, {
    identity: p.participantId,
    name: p.displayName,
    ttl: ttlSeconds,
    attributes: {
      role: p.role,
      callId: p.callId,
      staff: isStaffRole(p.role) ? 'true' : 'false',
    },
  });
  at.addGrant(videoGrantFor(livekitRoomName(p.callId), p.permissions));
  return at.toJwt();
}
