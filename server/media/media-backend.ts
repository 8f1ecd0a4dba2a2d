import type { IceServer } from '../../signaling/protocol/call-events';
import type { Observer } from '../events/typed-emitter';

/**
 * The media layer behind a call. `p2p` relays WebRTC offers/answers between
 * browsers through our signaling (with STUN/TURN); `mediasoup` and `livekit`
 * are selective forwarding units. The call module talks only to this.
 */
export type MediaBackendKind = 'p2p' | 'mediasoup' | 'livekit';

export type MediaParticipantRole =
  | 'pcp'
  | 'psychiatrist'
  | 'bh_clinician'
  | 'care_manager'
  | 'coordinator'
  | 'patient'
  | 'guardian'
  | 'interpreter';

export interface MediaPermissions {
  canPublishAudio: boolean;
  canPublishVideo: boolean;
  canSubscribe: boolean;
  /** Present but not shown to others (a supervising coordinator). */
  hidden: boolean;
}

/** Role -> what they may send and receive. An unadmitted patient gets nothing at all. */
export function permissionsFor(
  role: MediaParticipantRole,
  admitted: boolean,
): MediaPermissions {
  if (!admitted)
    return {
      canPublishAudio: false,
      canPublishVideo: false,
      canSubscribe: false,
      hidden: true,
    };
  switch (role) {
    case 'interpreter':
      return {
        canPublishAudio: true,
        canPublishVideo: false,
        canSubscribe: true,
        hidden: false,
      };
    case 'coordinator':
      return {
        canPublishAudio: true,
        canPublishVideo: false,
        canSubscribe: true,
        hidden: true,
      };
    default:
      return {
        canPublishAudio: true,
        canPublishVideo: true,
        canSubscribe: true,
        hidden: false,
      };
  }
}

export interface MediaParticipant {
  callId: string;
  participantId: string;
  role: MediaParticipantRole;
  displayName: string;
  permissions: MediaPermissions;
}

/** What the client needs to connect its media, per backend. */
export type MediaJoinInfo =
  | { backend: 'p2p'; iceServers: IceServer[] }
  | {
      backend: 'mediasoup';
      iceServers: IceServer[];
      routerRtpCapabilities: unknown;
    }
  | { backend: 'livekit'; url: string; token: string };

// A STUN/TURN server entry is part of the wire contract (join acks, ICE config).
export type { IceServer } from '../../signaling/protocol/call-events';

/**
 * Media facts the backend reports; the call module writes them to call_events
 * (the type names are call_events types; `source` is eventSourceOf(kind)).
 * - media_connected: this participant's media is flowing (again).
 * - participant_dropped: their media was lost and may come back (transport
 *   failed, SFU worker died); `details.reason` says why.
 * - participant_left: their media ended for good (removed, left, room closed).
 */
export type MediaEventType =
  | 'media_connected'
  | 'participant_dropped'
  | 'participant_left';

/** What every media backend emits. */
export type MediaBackendEvents = { media: [MediaEvent] };

export interface MediaEvent {
  type: MediaEventType;
  callId: string;
  participantId: string;
  /** Server time when the backend saw it. */
  at: Date;
  /** Codes and ids only (never names). */
  details?: Record<string, unknown>;
  /**
   * The backend already wrote this to call_events itself (LiveKit webhooks are
   * recorded in the webhook's own request so a failed write makes LiveKit retry):
   * listeners must not write it again.
   */
  recorded?: boolean;
}

/** The call_events.source a backend's events are written with. */
export function eventSourceOf(
  kind: MediaBackendKind,
): 'signaling' | 'mediasoup' | 'livekit' {
  return kind === 'p2p' ? 'signaling' : kind;
}

/** Options for a call's media room. */
export interface MediaRoomOptions {
  /** A voice-only call: the SFU negotiates audio codecs only and refuses video. */
  audioOnly?: boolean;
}

/** Thrown by start() (or the factory) when the chosen backend cannot run on this machine. */
export class MediaBackendUnavailableError extends Error {
  constructor(
    readonly backend: MediaBackendKind,
    message: string,
  ) {
    super(`MEDIA_BACKEND=${backend} cannot run: ${message}`);
    this.name = 'MediaBackendUnavailableError';
  }
}

export interface MediaBackend {
  readonly kind: MediaBackendKind;
  /** Fails with a clear message at start-up when the backend cannot run here. */
  start(): Promise<void>;
  /** Idempotent: opening an open room is a no-op. */
  openRoom(callId: string, opts?: MediaRoomOptions): Promise<void>;
  /** Ends everyone's media in the room (each gets participant_left). Idempotent. */
  closeRoom(callId: string): Promise<void>;
  /**
   * Lets a participant into the room with `p.permissions`, or updates the
   * permissions of one already there (a waiting patient being admitted: call
   * again with permissionsFor(role, true)). Returns what their client connects with.
   */
  admit(p: MediaParticipant): Promise<MediaJoinInfo>;
  /** Disconnects their media; they get participant_left. Unknown participant: no-op. */
  remove(callId: string, participantId: string): Promise<void>;
  /** Server-side mute: the participant cannot unmute themselves until unmuted here. */
  setMuted(
    callId: string,
    participantId: string,
    kind: 'audio' | 'video',
    muted: boolean,
  ): Promise<void>;
  /** Media events (joined, left, media up...) for the call service's ledger. */
  readonly observer: Observer<MediaBackendEvents>;
  close(): Promise<void>;
}
