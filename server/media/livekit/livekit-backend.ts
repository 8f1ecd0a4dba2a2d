import { RoomServiceClient, TrackSource, TwirpError } from 'livekit-server-sdk';
import { TypedEmitter } from '../../events/typed-emitter';
import type { Logger } from '../../logger';
import {
  MediaBackendUnavailableError,
  type MediaBackend,
  type MediaBackendEvents,
  type MediaEvent,
  type MediaJoinInfo,
  type MediaParticipant,
  type MediaPermissions,
  type MediaRoomOptions,
} from '../media-backend';
import { participantPermissionFor } from './livekit-grants';
import { livekitRoomName } from './livekit-room-name';
import { issueLivekitToken } from './livekit-token';
import { CALL_MAX_PARTICIPANTS } from '../../../signaling/protocol/call-events';

export interface LiveKitBackendOptions {
  /** wss:// URL browsers connect to (LIVEKIT_URL). The REST API is the same host over https. */
  url: string;
  apiKey: string;
  apiSecret: string;
  /** Join token lifetime. */
  tokenTtlSeconds: number;
  /** How long LiveKit keeps a room after the last participant leaves (reconnect grace). */
  departureTimeoutSeconds: number;
  /** How long an opened room waits for its first participant. */
  emptyTimeoutSeconds?: number;
  /** Room service endpoint when it differs from `url` (tests point it at a local stand-in). */
  apiUrl?: string;
  logger: Logger;
}

interface Admitted {
  base: MediaPermissions;
  muted: Set<'audio' | 'video'>;
}

/**
 * LiveKit's own cap for the room: our limit on an SFU call, with slack for a
 * participant whose old connection LiveKit has not dropped yet when they rejoin.
 */
const MAX_PARTICIPANTS = CALL_MAX_PARTICIPANTS.sfu + 2;

/**
 * LiveKit (self-hosted or LiveKit Cloud) as the call's SFU. We only hand out
 * tokens and manage rooms over LiveKit's Twirp API; media never touches our
 * server. Participant media events arrive by webhook (livekit-webhook.ts),
 * which records them and passes them to `notify` so listeners hear of them.
 */
export class LiveKitBackend implements MediaBackend {
  readonly kind = 'livekit' as const;
  private readonly rooms: RoomServiceClient;
  readonly observer = new TypedEmitter<MediaBackendEvents>();
  /** Per call, per participant: what we granted and what is muted server-side (this instance's view). */
  private readonly admitted = new Map<string, Map<string, Admitted>>();

  constructor(private readonly o: LiveKitBackendOptions) {
    this.rooms = new RoomServiceClient(
      toHttpUrl(o.apiUrl ?? o.url),
      o.apiKey,
      o.apiSecret,
      { requestTimeout: 10 },
    );
  }

  /**
   * Checks the credentials against the server. Wrong credentials stop start-up;
   * an unreachable server only warns, because consults, phone calls and
   * everything but LiveKit video keep working while it comes back.
   */
  async start(): Promise<void> {
    try {
      await this.rooms.listRooms([
        livekitRoomName('00000000-0000-0000-0000-000000000000'),
      ]);
    } catch (err) {
      if (
        err instanceof TwirpError &&
        (err.status === 401 || err.status === 403)
      ) {
        throw new MediaBackendUnavailableError(
          'livekit',
          `LiveKit at ${this.o.apiUrl ?? this.o.url} refused LIVEKIT_API_KEY/LIVEKIT_API_SECRET (HTTP ${err.status}).`,
        );
      }
      this.o.logger.warn(
        { err: describe(err) },
        'LiveKit is not reachable yet; calls will use it when it is',
      );
    }
  }

  async openRoom(callId: string, _opts?: MediaRoomOptions): Promise<void> {
    // createRoom returns the existing room when it is already open: idempotent by LiveKit's design.
    await this.rooms.createRoom({
      name: livekitRoomName(callId),
      emptyTimeout: this.o.emptyTimeoutSeconds ?? 300,
      departureTimeout: this.o.departureTimeoutSeconds,
      maxParticipants: MAX_PARTICIPANTS,
    });
    if (!this.admitted.has(callId)) this.admitted.set(callId, new Map());
  }

  async closeRoom(callId: string): Promise<void> {
    this.admitted.delete(callId);
    await ignoreNotFound(this.rooms.deleteRoom(livekitRoomName(callId)));
  }

  async admit(p: MediaParticipant): Promise<MediaJoinInfo> {
    const room = this.roomState(p.callId);
    const before = room.get(p.participantId);
    const entry: Admitted = {
      base: p.permissions,
      muted: before?.muted ?? new Set(),
    };
    room.set(p.participantId, entry);
    // Someone may already be connected (a waiting patient being admitted, perhaps through
    // another instance): change their rights in place. LiveKit answers 404 when they are not.
    const changed = before
      ? !samePermissions(before.base, p.permissions)
      : grantsAnything(p.permissions);
    if (changed) {
      await ignoreNotFound(
        this.rooms.updateParticipant(
          livekitRoomName(p.callId),
          p.participantId,
          { permission: participantPermissionFor(effective(entry)) },
        ),
      );
    }
    const token = await issueLivekitToken(
      this.o,
      { ...p, permissions: effective(entry) },
      this.o.tokenTtlSeconds,
    );
    return { backend: 'livekit', url: this.o.url, token };
  }

  async remove(callId: string, participantId: string): Promise<void> {
    this.admitted.get(callId)?.delete(participantId);
    await ignoreNotFound(
      this.rooms.removeParticipant(livekitRoomName(callId), participantId),
    );
  }

  /**
   * A server-side mute takes the source out of the participant's publish
   * permission: LiveKit unpublishes the track and refuses to republish it until
   * we give the permission back, so the participant cannot unmute themselves.
   */
  async setMuted(
    callId: string,
    participantId: string,
    kind: 'audio' | 'video',
    muted: boolean,
  ): Promise<void> {
    const roomName = livekitRoomName(callId);
    const room = this.roomState(callId);
    let entry = room.get(participantId);
    if (!entry) {
      // Admitted through another instance: start from what LiveKit says they may do.
      const info = await this.rooms.getParticipant(roomName, participantId);
      entry = {
        base: permissionsFromLivekit(info.permission),
        muted: new Set(),
      };
      room.set(participantId, entry);
    }
    if (muted) entry.muted.add(kind);
    else entry.muted.delete(kind);
    await this.rooms.updateParticipant(roomName, participantId, {
      permission: participantPermissionFor(effective(entry)),
    });
  }

  /** Called by the webhook after it recorded an event, so listeners (the call module) see it too. */
  notify(e: MediaEvent): void {
    this.observer.emit('media', { ...e, recorded: true });
  }

  async close(): Promise<void> {
    this.observer.clear();
    this.admitted.clear();
  }

  private roomState(callId: string): Map<string, Admitted> {
    let room = this.admitted.get(callId);
    if (!room) this.admitted.set(callId, (room = new Map()));
    return room;
  }
}

function effective(a: Admitted): MediaPermissions {
  return {
    ...a.base,
    canPublishAudio: a.base.canPublishAudio && !a.muted.has('audio'),
    canPublishVideo: a.base.canPublishVideo && !a.muted.has('video'),
  };
}

function grantsAnything(p: MediaPermissions): boolean {
  return p.canPublishAudio || p.canPublishVideo || p.canSubscribe;
}

function samePermissions(a: MediaPermissions, b: MediaPermissions): boolean {
  return (
    a.canPublishAudio === b.canPublishAudio &&
    a.canPublishVideo === b.canPublishVideo &&
    a.canSubscribe === b.canSubscribe &&
    a.hidden === b.hidden
  );
}

function permissionsFromLivekit(
  p:
    | {
        canPublish: boolean;
        canPublishSources: TrackSource[];
        canSubscribe: boolean;
        hidden: boolean;
      }
    | undefined,
): MediaPermissions {
  if (!p)
    return {
      canPublishAudio: false,
      canPublishVideo: false,
      canSubscribe: false,
      hidden: true,
    };
  const sources = p.canPublishSources.length
    ? p.canPublishSources
    : p.canPublish
      ? [TrackSource.MICROPHONE, TrackSource.CAMERA]
      : [];
  return {
    canPublishAudio: sources.includes(TrackSource.MICROPHONE),
    canPublishVideo: sources.includes(TrackSource.CAMERA),
    canSubscribe: p.canSubscribe,
    hidden: p.hidden,
  };
}

/** LIVEKIT_URL is the wss:// URL browsers use; the Twirp API is the same host over https. */
export function toHttpUrl(url: string): string {
  return url.replace(/^ws(s?):\/\//, 'http$1://');
}

/** Removing someone who already left, or closing a room LiveKit already closed, is not an error. */
async function ignoreNotFound<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (
      err instanceof TwirpError &&
      (err.status === 404 || err.code === 'not_found')
    )
      return undefined;
    throw err;
  }
}

function describe(err: unknown): { message: string; status?: number } {
  return err instanceof TwirpError
    ? { message: err.message, status: err.status }
    : { message: err instanceof Error ? err.message : String(err) };
}
