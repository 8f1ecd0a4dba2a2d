import { EventEmitter } from 'node:events';
import type {
  MsConsumeResult,
  MsJoinResult,
  MsPushes,
  MsTransport,
} from '../../../signaling/protocol/mediasoup-events';
import type { Logger } from '../../logger';
import type { MediaEvent, MediaParticipant } from '../media-backend';
import type * as types from './mediasoup-api';
import { consume } from './mediasoup-consumers';
import type {
  MediasoupPeer,
  ProducerAppData,
  TransportDirection,
} from './mediasoup-peer';
import {
  type ProduceRequest,
  produce,
  producersFor,
} from './mediasoup-producers';
import {
  admitPeer,
  forgetAllMedia,
  muteByHost,
  removePeer,
} from './mediasoup-room-membership';
import {
  placeAgainUntilLive,
  placeCallRouter,
} from './mediasoup-room-placement';
import {
  mediaRestarting,
  mediaRoomClosed,
  mutedByHost,
  notAdmitted,
  notInMediaRoom,
} from './mediasoup-room-refusals';
import type {
  MediasoupRoomEvents,
  RoomContext,
  RoomNotice,
  RoomSettings,
  RoomState,
} from './mediasoup-room-types';
import { createTransport, updateMediaState } from './mediasoup-transports';
import type { PlacedRouter, WorkerPool } from './worker-pool';

export type {
  MediasoupRoomEvents,
  RoomNotice,
  RoomSettings,
  RoomState,
} from './mediasoup-room-types';

/**
 * One call's media room: a router on one worker, the participants in it, and
 * an active-speaker observer. Lifecycle: open -> (rebuilding -> open)* -> closed.
 * If the worker dies the room survives: participants keep their admission and
 * get a new router on a live worker, and their clients are told to reconnect.
 */
export class MediasoupRoom extends EventEmitter<MediasoupRoomEvents> {
  state: RoomState = 'rebuilding';
  private placed!: PlacedRouter;
  private speakers!: types.ActiveSpeakerObserver;
  private readonly peers = new Map<string, MediasoupPeer>();
  private activeSpeaker: string | null = null;
  /** This room as its transport, producer and consumer handling see it. */
  private readonly context: RoomContext;

  private constructor(
    readonly callId: string,
    readonly audioOnly: boolean,
    private readonly pool: WorkerPool,
    private readonly settings: RoomSettings,
    private readonly logger: Logger,
  ) {
    super();
    this.context = {
      callId,
      audioOnly,
      settings,
      peers: this.peers,
      placed: () => this.placed,
      speakers: () => this.speakers,
      takesMediaFacts: () =>
        this.state === 'open' && !this.placed.router.closed,
      notice: (participantId, event, payload) =>
        this.notice(participantId, event, payload),
      media: (type, participantId, details) =>
        this.media(type, participantId, details),
    };
  }

  static async open(
    callId: string,
    audioOnly: boolean,
    pool: WorkerPool,
    settings: RoomSettings,
    logger: Logger,
  ): Promise<MediasoupRoom> {
    const room = new MediasoupRoom(callId, audioOnly, pool, settings, logger);
    await room.placeRouter();
    return room;
  }

  get workerIndex(): number {
    return this.placed.workerIndex;
  }

  get routerRtpCapabilities(): types.RouterRtpCapabilities {
    return this.placed.router.rtpCapabilities;
  }

  has(participantId: string): boolean {
    return this.peers.has(participantId);
  }

  // ---- called by the backend for the call module ----

  /** Adds the participant or changes what they may do, undoing what they may no longer do. */
  admit(p: MediaParticipant): void {
    this.assertNotClosed();
    admitPeer(this.context, this.peers, p);
  }

  remove(
    participantId: string,
    reason: 'removed' | 'room_closed' = 'removed',
  ): void {
    removePeer(this.context, this.peers, participantId, reason);
  }

  setMuted(
    participantId: string,
    kind: 'audio' | 'video',
    muted: boolean,
  ): void {
    muteByHost(
      this.context,
      this.logger,
      this.peer(participantId),
      kind,
      muted,
    );
  }

  close(): void {
    if (this.state === 'closed') return;
    for (const id of [...this.peers.keys()]) this.remove(id, 'room_closed');
    this.state = 'closed';
    this.placed?.router.close();
    this.removeAllListeners();
  }

  // ---- signaling from the participant's client ----

  join(participantId: string): MsJoinResult {
    const peer = this.ready(participantId);
    if (!peer.admitted) throw notAdmitted();
    return {
      routerRtpCapabilities: this.routerRtpCapabilities,
      permissions: peer.permissions,
      mutedByHost: { ...peer.mutedByHost },
      producers: peer.permissions.canSubscribe
        ? producersFor(this.peers.values(), participantId)
        : [],
      activeSpeaker: this.activeSpeaker,
    };
  }

  createTransport(
    participantId: string,
    direction: TransportDirection,
  ): Promise<MsTransport> {
    return createTransport(this.context, this.ready(participantId), direction);
  }

  async connectTransport(
    participantId: string,
    transportId: string,
    dtlsParameters: types.DtlsParameters,
  ): Promise<void> {
    await this.ready(participantId)
      .transport(transportId)
      .connect({ dtlsParameters });
  }

  async restartIce(
    participantId: string,
    transportId: string,
  ): Promise<{ iceParameters: types.IceParameters }> {
    return {
      iceParameters: await this.ready(participantId)
        .transport(transportId)
        .restartIce(),
    };
  }

  produce(
    participantId: string,
    req: ProduceRequest,
  ): Promise<{ producerId: string }> {
    return produce(this.context, this.ready(participantId), req);
  }

  closeProducer(participantId: string, producerId: string): void {
    this.ready(participantId).producer(producerId).close();
  }

  async pauseProducer(
    participantId: string,
    producerId: string,
  ): Promise<void> {
    await this.ready(participantId).producer(producerId).pause();
  }

  async resumeProducer(
    participantId: string,
    producerId: string,
  ): Promise<void> {
    const peer = this.ready(participantId);
    const producer = peer.producer(producerId);
    if (peer.mutedByHost[producer.kind]) throw mutedByHost();
    await producer.resume();
  }

  consume(
    participantId: string,
    producerId: string,
    rtpCapabilities: types.RtpCapabilities,
  ): Promise<MsConsumeResult> {
    return consume(
      this.context,
      this.ready(participantId),
      producerId,
      rtpCapabilities,
    );
  }

  async resumeConsumer(
    participantId: string,
    consumerId: string,
  ): Promise<void> {
    await this.ready(participantId).consumer(consumerId).resume();
  }

  async setPreferredLayers(
    participantId: string,
    consumerId: string,
    spatialLayer: number,
    temporalLayer?: number,
  ): Promise<void> {
    await this.ready(participantId)
      .consumer(consumerId)
      .setPreferredLayers({ spatialLayer, temporalLayer });
  }

  /** The client hung up its media (the call module still decides whether they left the call). */
  leave(participantId: string): void {
    const peer = this.ready(participantId);
    peer.closeMedia();
    updateMediaState(this.context, peer);
  }

  // ---- internals ----

  private async placeRouter(): Promise<void> {
    this.placed = await placeCallRouter(
      this.pool,
      this.callId,
      this.audioOnly,
      this.settings.workerWaitMs,
    );
    if (this.state === 'closed') {
      this.placed.router.close();
      return;
    }
    this.speakers = await this.placed.router.createActiveSpeakerObserver({
      interval: 300,
    });
    this.speakers.on('dominantspeaker', ({ producer }) => {
      const who = (producer.appData as ProducerAppData).participantId;
      if (who === this.activeSpeaker) return;
      this.activeSpeaker = who;
      for (const p of this.peers.values())
        this.notice(p.participantId, 'media:ms:active-speaker', {
          callId: this.callId,
          participantId: who,
        });
    });
    this.placed.router.once('workerclose', () => void this.reestablish());
    this.state = 'open';
  }

  /** The worker died: everyone's media is gone; keep the people, get a new router, tell clients to reconnect. */
  private async reestablish(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'rebuilding';
    this.activeSpeaker = null;
    forgetAllMedia(this.context, this.placed.workerIndex);
    const placed = await placeAgainUntilLive(
      this.pool,
      () => this.placeRouter(),
      () => this.isClosed(),
      this.logger,
      this.callId,
    );
    if (!placed || this.isClosed()) return;
    this.logger.info(
      { callId: this.callId, worker: this.placed.workerIndex },
      'call media re-established on another worker',
    );
    for (const p of this.peers.values())
      this.notice(p.participantId, 'media:ms:restart', {
        callId: this.callId,
        reason: 'worker_died',
      });
  }

  private notice<K extends keyof MsPushes>(
    participantId: string,
    event: K,
    payload: MsPushes[K],
  ): void {
    this.emit('notice', { participantId, event, payload } as RoomNotice);
  }

  private media(
    type: MediaEvent['type'],
    participantId: string,
    details?: Record<string, unknown>,
  ): void {
    this.emit('media', {
      type,
      callId: this.callId,
      participantId,
      at: this.settings.clock(),
      ...(details ? { details } : {}),
    });
  }

  private peer(participantId: string): MediasoupPeer {
    const peer = this.peers.get(participantId);
    if (!peer) throw notInMediaRoom();
    return peer;
  }

  /** The participant, when the room can take requests. */
  private ready(participantId: string): MediasoupPeer {
    this.assertNotClosed();
    if (this.state === 'rebuilding') throw mediaRestarting();
    return this.peer(participantId);
  }

  /** A method, so TypeScript re-reads the state after an await. */
  private isClosed(): boolean {
    return this.state === 'closed';
  }

  private assertNotClosed(): void {
    if (this.state === 'closed') throw mediaRoomClosed();
  }
}
