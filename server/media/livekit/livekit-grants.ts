import { TrackSource, type VideoGrant } from 'livekit-server-sdk';
import type { MediaPermissions } from '../media-backend';

/** The LiveKit sources a participant may publish, from our permissions. */
export function publishSourcesFor(p: MediaPermissions): TrackSource[] {
  const sources: TrackSource[] = [];
  if (p.canPublishAudio) sources.push(TrackSource.MICROPHONE);
  if (p.canPublishVideo) sources.push(TrackSource.CAMERA);
  return sources;
}

/**
 * A join grant for one room that lets the participant do exactly what their
 * role allows. `canPublishSources` supersedes `canPublish` in LiveKit, so an
 * interpreter's token can publish a microphone and nothing else. Screen share
 * is never granted (clinical video only). Data messages are off: chat, if
 * any, goes through our own signaling and audit.
 */
export function videoGrantFor(room: string, p: MediaPermissions): VideoGrant {
  const sources = publishSourcesFor(p);
  return {
    room,
    roomJoin: true,
    canPublish: sources.length > 0,
    canPublishSources: sources,
    canSubscribe: p.canSubscribe,
    canPublishData: false,
    canUpdateOwnMetadata: false,
    hidden: p.hidden,
  };
}

/** The same rules as a ParticipantPermission, for changing a connected participant in place. */
export function participantPermissionFor(p: MediaPermissions): {
  canSubscribe: boolean;
  canPublish: boolean;
  canPublishData: boolean;
  canPublishSources: TrackSource[];
  hidden: boolean;
} {
  const sources = publishSourcesFor(p);
  return {
    canSubscribe: p.canSubscribe,
    canPublish: sources.length > 0,
    canPublishData: false,
    canPublishSources: sources,
    hidden: p.hidden,
  };
}
