import { EventEmitter } from 'node:events';
import type * as types from './mediasoup-api';
import { AppError } from '../../errors';
import type { Logger } from '../../logger';
import type { MediaEvent, MediaParticipant } from '../media-backend';
import type {
  MediaSource,
  MsConsumeResult,
  MsJoinResult,
  MsPushes,
  MsTransport,
  ProducerInfo,
} from '../../../signaling/protocol/mediasoup-events';
import {
  MediasoupPeer,
  type ConsumerAppData,
  type ProducerAppData,
  type TransportDirection,
} from './mediasoup-peer';
import { AUDIO_ONLY_CODECS, VIDEO_CALL_CODECS } from './router-codecs';
import type { PlacedRouter, WorkerPool } from './worker-pool';

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

/** Bitrate the SFU assumes towards a receiver before bandwidth estimation has data. */
const INITIAL_OUTGOING_BITRATE = 600_000;

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

  private constructor(
    readonly callId: string,
    readonly audioOnly: boolean,
    private readonly pool: WorkerPool,
    private readonly settings: RoomSettings,
    private readonly logger: Logger,
  ) {
    super();
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
    const peer = this.peers.get(p.participantId);
    if (!peer) {
      this.peers.set(p.participantId, new MediasoupPeer(p));
      return;
    }
    peer.role = p.role;
    peer.permissions = p.permissions;
    for (const producer of [...peer.producers.values()])
      if (!peer.mayPublish(producer.kind)) producer.close();
    if (!p.permissions.canSubscribe)
      for (const c of [...peer.consumers.values()]) c.close();
    this.noticePermissions(peer);
  }

  remove(
    participantId: string,
    reason: 'removed' | 'room_closed' = 'removed',
  ): void {
    const peer = this.peers.get(participantId);
    if (!peer) return;
    this.peers.delete(participantId);
    peer.closeMedia();
    this.notice(participantId, 'media:ms:closed', {
      callId: this.callId,
      reason,
    });
    if (peer.everConnected)
      this.media('participant_left', participantId, { reason });
  }

  setMuted(
    participantId: string,
    kind: 'audio' | 'video',
    muted: boolean,
  ): void {
    const peer = this.peer(participantId);
    peer.mutedByHost[kind] = muted;
    // Muting pauses at the SFU, so nothing reaches anyone even if the browser keeps sending.
    // Unmuting only lifts the lock: turning a microphone back on is the participant's choice.
    if (muted)
      for (const p of peer.producers.values())
        if (p.kind === kind && !p.paused) void this.pauseProducerQuietly(p);
    this.noticePermissions(peer);
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
    if (!peer.admitted)
      throw new AppError(
        'forbidden',
        'not_admitted',
        'You are in the waiting room: the clinician has not let you into the call yet.',
      );
    return {
      routerRtpCapabilities: this.routerRtpCapabilities,
      permissions: peer.permissions,
      mutedByHost: { ...peer.mutedByHost },
      producers: peer.permissions.canSubscribe
        ? this.producersFor(participantId)
        : [],
      activeSpeaker: this.activeSpeaker,
    };
  }

  async createTransport(
    participantId: string,
    direction: TransportDirection,
  ): Promise<MsTransport> {
    const peer = this.ready(participantId);
    peer.assertMay(direction);
    // One transport per direction: a client that reconnects from scratch replaces its old one.
    peer.transportFor(direction)?.close();
    const listen = this.placed.webRtcServer
      ? { webRtcServer: this.placed.webRtcServer }
      : { listenInfos: this.settings.listenInfos };
    const transport = await this.placed.router.createWebRtcTransport({
      ...listen,
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: INITIAL_OUTGOING_BITRATE,
      appData: { participantId, direction },
    });
    peer.transports.set(transport.id, transport);
    transport.observer.once('close', () => {
      peer.transports.delete(transport.id);
      this.updateMediaState(peer);
    });
    transport.on('icestatechange', () => this.updateMediaState(peer));
    transport.on('dtlsstatechange', () => this.updateMediaState(peer));
    return {
      transportId: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters,
    };
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

  async produce(
    participantId: string,
    req: {
      transportId: string;
      kind: 'audio' | 'video';
      source: MediaSource;
      rtpParameters: types.RtpParameters;
      paused: boolean;
    },
  ): Promise<{ producerId: string }> {
    const peer = this.ready(participantId);
    peer.assertMayPublish(req.kind);
    if (req.kind === 'video' && this.audioOnly)
      throw new AppError(
        'conflict',
        'audio_only_call',
        'This is a voice-only call.',
      );
    if ((req.source === 'microphone') !== (req.kind === 'audio'))
      throw new AppError(
        'invalid',
        'source_mismatch',
        'A microphone sends audio and a camera sends video.',
      );
    const transport = peer.transport(req.transportId);
    if (transport.appData.direction !== 'send')
      throw new AppError(
        'invalid',
        'wrong_transport',
        'Media is sent on the sending connection.',
      );
    const producer = await transport.produce<ProducerAppData>({
      kind: req.kind,
      rtpParameters: req.rtpParameters,
      paused: req.paused || peer.mutedByHost[req.kind],
      appData: { participantId, source: req.source },
    });
    peer.producers.set(producer.id, producer);
    producer.observer.once('close', () => peer.producers.delete(producer.id));
    if (producer.kind === 'audio')
      await this.speakers
        .addProducer({ producerId: producer.id })
        .catch(() => undefined);
    const info = this.producerInfo(peer, producer);
    for (const other of this.peers.values()) {
      if (other !== peer && other.permissions.canSubscribe)
        this.notice(other.participantId, 'media:ms:new-producer', {
          callId: this.callId,
          producer: info,
        });
    }
    return { producerId: producer.id };
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
    if (peer.mutedByHost[producer.kind])
      throw new AppError(
        'conflict',
        'muted_by_host',
        'The clinician muted you; they can unmute you.',
      );
    await producer.resume();
  }

  async consume(
    participantId: string,
    producerId: string,
    rtpCapabilities: types.RtpCapabilities,
  ): Promise<MsConsumeResult> {
    const peer = this.ready(participantId);
    peer.assertMay('recv');
    const owner = [...this.peers.values()].find((p) =>
      p.producers.has(producerId),
    );
    if (!owner || owner === peer)
      throw new AppError(
        'not_found',
        'producer_not_found',
        'That stream is not being sent any more.',
      );
    if (!this.placed.router.canConsume({ producerId, rtpCapabilities })) {
      throw new AppError(
        'invalid',
        'cannot_consume',
        'This browser cannot decode that stream.',
      );
    }
    const transport = peer.transportFor('recv');
    if (!transport)
      throw new AppError(
        'conflict',
        'no_receive_transport',
        'Open the receiving connection first.',
      );
    const consumer = await transport.consume<ConsumerAppData>({
      producerId,
      rtpCapabilities,
      paused: true,
      appData: { participantId: owner.participantId },
    });
    peer.consumers.set(consumer.id, consumer);
    const push =
      (
        event:
          | 'media:ms:consumer-closed'
          | 'media:ms:consumer-paused'
          | 'media:ms:consumer-resumed',
      ) =>
      () =>
        this.notice(participantId, event, {
          callId: this.callId,
          consumerId: consumer.id,
        });
    consumer.observer.once('close', () => peer.consumers.delete(consumer.id));
    consumer.on('producerclose', () => {
      consumer.close();
      push('media:ms:consumer-closed')();
    });
    consumer.on('producerpause', push('media:ms:consumer-paused'));
    consumer.on('producerresume', push('media:ms:consumer-resumed'));
    if (consumer.type === 'simulcast')
      await consumer.setPreferredLayers({ spatialLayer: 2, temporalLayer: 2 });
    return {
      consumerId: consumer.id,
      producerId,
      participantId: owner.participantId,
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters,
      producerPaused: consumer.producerPaused,
    };
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
    this.updateMediaState(peer);
  }

  // ---- internals ----

  private async placeRouter(): Promise<void> {
    const codecs = this.audioOnly ? AUDIO_ONLY_CODECS : VIDEO_CALL_CODECS;
    this.placed = await this.pool.createRouter(
      codecs,
      { callId: this.callId },
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
    for (const peer of this.peers.values()) {
      peer.forgetMedia();
      if (peer.mediaUp) {
        peer.mediaUp = false;
        this.media('participant_dropped', peer.participantId, {
          reason: 'worker_died',
          worker: this.placed.workerIndex,
        });
      }
    }
    for (;;) {
      try {
        await this.placeRouter();
        break;
      } catch (err) {
        if (this.isClosed()) return;
        this.logger.warn(
          {
            callId: this.callId,
            err: err instanceof Error ? err.message : String(err),
          },
          'no live mediasoup worker yet; retrying',
        );
        await new Promise<void>((resolve) =>
          this.pool.once('workerrespawned', () => resolve()),
        );
      }
    }
    if (this.isClosed()) return;
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

  private updateMediaState(peer: MediasoupPeer): void {
    // A dying worker closes every transport before the router says why: reestablish() reports that.
    if (
      this.state !== 'open' ||
      this.placed.router.closed ||
      !this.peers.has(peer.participantId)
    )
      return;
    const up = [...peer.transports.values()].some(
      (t) =>
        t.dtlsState === 'connected' &&
        (t.iceState === 'connected' || t.iceState === 'completed'),
    );
    if (up === peer.mediaUp) return;
    peer.mediaUp = up;
    if (up) {
      peer.everConnected = true;
      this.media('media_connected', peer.participantId);
    } else {
      this.media('participant_dropped', peer.participantId, {
        reason: 'transport_lost',
      });
    }
  }

  private async pauseProducerQuietly(p: types.Producer): Promise<void> {
    await p.pause().catch((err: unknown) =>
      this.logger.warn(
        {
          callId: this.callId,
          err: err instanceof Error ? err.message : String(err),
        },
        'could not pause producer',
      ),
    );
  }

  private producersFor(participantId: string): ProducerInfo[] {
    const out: ProducerInfo[] = [];
    for (const peer of this.peers.values()) {
      if (peer.participantId === participantId) continue;
      for (const producer of peer.producers.values())
        out.push(this.producerInfo(peer, producer));
    }
    return out;
  }

  private producerInfo(
    peer: MediasoupPeer,
    p: types.Producer<ProducerAppData>,
  ): ProducerInfo {
    return {
      producerId: p.id,
      participantId: peer.participantId,
      kind: p.kind,
      source: p.appData.source,
      paused: p.paused,
      hidden: peer.permissions.hidden,
    };
  }

  private noticePermissions(peer: MediasoupPeer): void {
    this.notice(peer.participantId, 'media:ms:permissions', {
      callId: this.callId,
      permissions: peer.permissions,
      mutedByHost: { ...peer.mutedByHost },
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
    if (!peer)
      throw new AppError(
        'forbidden',
        'not_in_media_room',
        "You are not in this call's media. Join the call first.",
      );
    return peer;
  }

  /** The participant, when the room can take requests. */
  private ready(participantId: string): MediasoupPeer {
    this.assertNotClosed();
    if (this.state === 'rebuilding')
      throw new AppError(
        'unavailable',
        'media_restarting',
        "The call's media is restarting. Reconnecting in a moment.",
      );
    return this.peer(participantId);
  }

  /** A method, so TypeScript re-reads the state after an await. */
  private isClosed(): boolean {
    return this.state === 'closed';
  }

  private assertNotClosed(): void {
    if (this.state === 'closed')
      throw new AppError(
        'gone',
        'media_room_closed',
        "This call's media has ended.",
      );
  }
}
