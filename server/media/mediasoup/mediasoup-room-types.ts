import type { MsPushes } from '../../../signaling/protocol/mediasoup-events';
import type { MediaEvent } from '../media-backend';
import type * as types from './mediasoup-api';
import type { MediasoupPeer } from './mediasoup-peer';
import type { PlacedRouter } from './worker-pool';

export type RoomState = 'open' | 'rebuilding' | 'closed';

export interface RoomNotice<K extends keyof MsPushes = keyof MsPushes> {
  participantId: string;
  event: K;
  payload: MsPushes[K];
}

export interface MediasoupRoomEvents {
  /** Something to push to one participant's socket. */
  notice: [RoomNotice];
  /** A media fact for the call-event log. */
  media: [MediaEvent];
}

export interface RoomSettings {
  /** How transports listen when the worker has no WebRtcServer. */
  listenInfos: types.TransportListenInfo[];
  clock: () => Date;
  /** How long a re-establishing room waits for a live worker per attempt. */
  workerWaitMs?: number;
}

/**
 * What the room's transport, producer and consumer handling read of the room:
 * the room passes itself in this shape, so those files hold no room state.
 */
export interface RoomContext {
  readonly callId: string;
  readonly audioOnly: boolean;
  readonly settings: RoomSettings;
  readonly peers: ReadonlyMap<string, MediasoupPeer>;
  /** The router the room has now. */
  placed(): PlacedRouter;
  speakers(): types.ActiveSpeakerObserver;
  /** Open with a live router: only then do transport changes count as media facts. */
  takesMediaFacts(): boolean;
  notice<K extends keyof MsPushes>(
    participantId: string,
    event: K,
    payload: MsPushes[K],
  ): void;
  media(
    type: MediaEvent['type'],
    participantId: string,
    details?: Record<string, unknown>,
  ): void;
}
