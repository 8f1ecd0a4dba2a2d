/**
 * The media layer behind a call. `p2p` relays WebRTC offers/answers between
 * browsers through our signaling (with STUN/TURN); `mediasoup` and `livekit`
 * are selective forwarding units. The call module talks only to this.
 */
export type MediaBackendKind = 'p2p' | 'mediasoup' | 'livekit';

export type MediaParticipantRole = 'pcp' | 'psychiatrist' | 'coordinator' | 'patient' | 'guardian' | 'interpreter';

export interface MediaPermissions {
  canPublishAudio: boolean;
  canPublishVideo: boolean;
  canSubscribe: boolean;
  /** Present but not shown to others (a supervising coordinator). */
  hidden: boolean;
}

/** Role -> what they may send and receive. An unadmitted patient gets nothing at all. */
export function permissionsFor(role: MediaParticipantRole, admitted: boolean): MediaPermissions {
  if (!admitted) return { canPublishAudio: false, canPublishVideo: false, canSubscribe: false, hidden: true };
  switch (role) {
    case 'interpreter':
      return { canPublishAudio: true, canPublishVideo: false, canSubscribe: true, hidden: false };
    case 'coordinator':
      return { canPublishAudio: true, canPublishVideo: false, canSubscribe: true, hidden: true };
    default:
      return { canPublishAudio: true, canPublishVideo: true, canSubscribe: true, hidden: false };
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
  | { backend: 'mediasoup'; iceServers: IceServer[]; routerRtpCapabilities: unknown }
  | { backend: 'livekit'; url: string; token: string };

export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** Media events the backend reports; the call module writes them to call_events. */
export type MediaEvent =
  | { type: 'media_connected'; callId: string; participantId: string; at: Date }
  | { type: 'participant_left'; callId: string; participantId: string; at: Date };

export interface MediaBackend {
  readonly kind: MediaBackendKind;
  /** Fails with a clear message at start-up when the backend cannot run here. */
  start(): Promise<void>;
  openRoom(callId: string): Promise<void>;
  closeRoom(callId: string): Promise<void>;
  admit(p: MediaParticipant): Promise<MediaJoinInfo>;
  remove(callId: string, participantId: string): Promise<void>;
  setMuted(callId: string, participantId: string, kind: 'audio' | 'video', muted: boolean): Promise<void>;
  onEvent(listener: (e: MediaEvent) => void): void;
  close(): Promise<void>;
}
