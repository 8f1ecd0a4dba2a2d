import { Device, type types } from 'mediasoup-client';
import type { Socket } from 'socket.io-client';
import type { IceServer } from '../../../../signaling/protocol/call-events';
import type { AckResult } from '../../../../signaling/protocol/envelope';
import {
  CAMERA_SIMULCAST_ENCODINGS,
  msPushes,
  type MsConsumeResult,
  type MsJoinResult,
  type MsPushes,
  type MsRequests,
  type MsTransport,
  type ProducerInfo,
} from '../../../../signaling/protocol/mediasoup-events';
import { CallError } from '../call-error';
import { SfuCallMedia } from './sfu-call-media';

/**
 * mediasoup-client over our socket.io: one send and one receive transport to
 * the call's router, the camera in three simulcast layers, each remote stream
 * consumed paused and resumed once its track is wired. Transport trouble
 * restarts ICE; the server moving the call to another worker rebuilds it all.
 */
export class MediasoupCallMedia extends SfuCallMedia {
  readonly backend = 'mediasoup' as const;
  private device: Device | null = null;
  private send: types.Transport | null = null;
  private recv: types.Transport | null = null;
  private readonly producers = new Map<'audio' | 'video', types.Producer>();
  private readonly consumers = new Map<
    string,
    { consumer: types.Consumer; participantId: string }
  >();
  private local: MediaStream | null = null;
  private closed = false;
  private readonly detach: (() => void)[] = [];

  constructor(
    private readonly callId: string,
    private readonly socket: Socket,
    private readonly iceServers: IceServer[],
  ) {
    super();
    this.listen();
  }

  async start(local: MediaStream | null): Promise<void> {
    this.local = local;
    this.emit('state', 'connecting');
    const joined = (await this.request('media:ms:join', {
      callId: this.callId,
    })) as MsJoinResult;
    this.device = new Device();
    await this.device.load({
      routerRtpCapabilities:
        joined.routerRtpCapabilities as types.RtpCapabilities,
    });
    this.emit('permissions', joined.permissions, joined.mutedByHost);
    const p = joined.permissions;
    if (p.canPublishAudio || p.canPublishVideo) {
      this.send = await this.createTransport('send');
      await this.publish(p, joined.mutedByHost);
    }
    if (p.canSubscribe) {
      this.recv = await this.createTransport('recv');
      for (const producer of joined.producers) await this.consume(producer);
    }
    if (joined.activeSpeaker) this.emit('active-speaker', joined.activeSpeaker);
  }

  async setMicrophoneMuted(muted: boolean): Promise<void> {
    await this.setPaused('audio', muted);
  }

  async setCameraOff(off: boolean): Promise<void> {
    await this.setPaused('video', off);
  }

  async restartIce(): Promise<void> {
    for (const t of [this.send, this.recv]) {
      if (!t || t.closed) continue;
      const { iceParameters } = (await this.request('media:ms:restart-ice', {
        callId: this.callId,
        transportId: t.id,
      })) as { iceParameters: types.IceParameters };
      await t.restartIce({ iceParameters });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const off of this.detach) off();
    this.teardown();
    await this.request('media:ms:leave', { callId: this.callId }).catch(
      () => undefined,
    );
    this.emit('state', 'closed');
  }

  // ---- internals ----

  private async publish(
    p: MsJoinResult['permissions'],
    mutedByHost: MsJoinResult['mutedByHost'],
  ): Promise<void> {
    const audio = this.local?.getAudioTracks()[0];
    const video = this.local?.getVideoTracks()[0];
    if (audio && p.canPublishAudio && this.device!.canProduce('audio')) {
      const producer = await this.send!.produce({
        track: audio,
        stopTracks: false,
        codecOptions: { opusFec: true, opusDtx: true },
        appData: { source: 'microphone' },
      });
      if (mutedByHost.audio) producer.pause();
      this.producers.set('audio', producer);
    }
    if (video && p.canPublishVideo && this.device!.canProduce('video')) {
      const producer = await this.send!.produce({
        track: video,
        stopTracks: false,
        encodings: CAMERA_SIMULCAST_ENCODINGS.map((e) => ({ ...e })),
        codecOptions: { videoGoogleStartBitrate: 600 },
        appData: { source: 'camera' },
      });
      if (mutedByHost.video) producer.pause();
      this.producers.set('video', producer);
      await this.applyVideoCap();
    }
  }

  protected cameraSender(): RTCRtpSender | null {
    return this.producers.get('video')?.rtpSender ?? null;
  }

  private async createTransport(
    direction: 'send' | 'recv',
  ): Promise<types.Transport> {
    const t = (await this.request('media:ms:create-transport', {
      callId: this.callId,
      direction,
    })) as MsTransport;
    const options = {
      id: t.transportId,
      iceParameters: t.iceParameters as types.IceParameters,
      iceCandidates: t.iceCandidates as types.IceCandidate[],
      dtlsParameters: t.dtlsParameters as types.DtlsParameters,
      iceServers: this.iceServers as RTCIceServer[],
    };
    const transport =
      direction === 'send'
        ? this.device!.createSendTransport(options)
        : this.device!.createRecvTransport(options);
    transport.on('connect', ({ dtlsParameters }, ok, fail) => {
      this.request('media:ms:connect-transport', {
        callId: this.callId,
        transportId: transport.id,
        dtlsParameters:
          dtlsParameters as MsRequests['media:ms:connect-transport']['dtlsParameters'],
      }).then(() => ok(), fail);
    });
    if (direction === 'send') {
      transport.on('produce', ({ kind, rtpParameters, appData }, ok, fail) => {
        this.request('media:ms:produce', {
          callId: this.callId,
          transportId: transport.id,
          kind,
          source: appData.source as 'microphone' | 'camera',
          rtpParameters:
            rtpParameters as unknown as MsRequests['media:ms:produce']['rtpParameters'],
        }).then(
          (r) => ok({ id: (r as { producerId: string }).producerId }),
          fail,
        );
      });
    }
    transport.on('connectionstatechange', (state) => {
      if (state === 'connected') this.emit('state', 'connected');
      // The path broke (Wi-Fi to cellular, NAT rebinding): new ICE credentials over the same socket.
      if (state === 'disconnected' || state === 'failed') {
        this.emit('state', 'reconnecting');
        this.restartIce().catch((err) => this.fail('ice_restart_failed', err));
      }
    });
    return transport;
  }

  private async consume(p: ProducerInfo): Promise<void> {
    if (!this.recv || !this.device) return;
    const c = (await this.request('media:ms:consume', {
      callId: this.callId,
      producerId: p.producerId,
      rtpCapabilities: this.device
        .rtpCapabilities as unknown as MsRequests['media:ms:consume']['rtpCapabilities'],
    })) as MsConsumeResult;
    const consumer = await this.recv.consume({
      id: c.consumerId,
      producerId: c.producerId,
      kind: c.kind,
      rtpParameters: c.rtpParameters as types.RtpParameters,
    });
    this.consumers.set(consumer.id, {
      consumer,
      participantId: c.participantId,
    });
    this.addRemoteTrack(c.participantId, consumer.track);
    // Created paused on the server so no packet is lost before the track is wired: resume now.
    await this.request('media:ms:resume-consumer', {
      callId: this.callId,
      consumerId: consumer.id,
    });
  }

  private async setPaused(
    kind: 'audio' | 'video',
    paused: boolean,
  ): Promise<void> {
    const producer = this.producers.get(kind);
    if (!producer) return;
    await this.request(
      paused ? 'media:ms:pause-producer' : 'media:ms:resume-producer',
      { callId: this.callId, producerId: producer.id },
    );
    if (paused) producer.pause();
    else producer.resume();
  }

  private dropConsumer(consumerId: string): void {
    const entry = this.consumers.get(consumerId);
    if (!entry) return;
    this.consumers.delete(consumerId);
    entry.consumer.close();
    this.removeRemoteTrack(entry.participantId, entry.consumer.track);
  }

  private teardown(): void {
    for (const id of [...this.consumers.keys()]) this.dropConsumer(id);
    for (const p of this.producers.values()) p.close();
    this.producers.clear();
    this.send?.close();
    this.recv?.close();
    this.send = this.recv = null;
    this.device = null;
  }

  private listen(): void {
    const on = <K extends keyof MsPushes>(
      event: K,
      handler: (payload: MsPushes[K]) => void,
    ) => {
      const fn = (raw: unknown) => {
        const parsed = msPushes[event].safeParse(raw);
        if (parsed.success && parsed.data.callId === this.callId)
          handler(parsed.data as MsPushes[K]);
      };
      this.socket.on(event as string, fn);
      this.detach.push(() => this.socket.off(event as string, fn));
    };
    on(
      'media:ms:new-producer',
      ({ producer }) =>
        void this.consume(producer).catch((err) =>
          this.fail('consume_failed', err),
        ),
    );
    on('media:ms:consumer-closed', ({ consumerId }) =>
      this.dropConsumer(consumerId),
    );
    on('media:ms:consumer-paused', ({ consumerId }) =>
      this.consumers.get(consumerId)?.consumer.pause(),
    );
    on('media:ms:consumer-resumed', ({ consumerId }) =>
      this.consumers.get(consumerId)?.consumer.resume(),
    );
    on('media:ms:active-speaker', ({ participantId }) =>
      this.emit('active-speaker', participantId),
    );
    on('media:ms:permissions', ({ permissions, mutedByHost }) => {
      this.emit('permissions', permissions, mutedByHost);
      // Admitted from the waiting room, or a changed role: rebuild with what we may now do.
      const canNow =
        permissions.canPublishAudio ||
        permissions.canPublishVideo ||
        permissions.canSubscribe;
      if (canNow && !this.send && !this.recv) void this.rejoin();
    });
    on('media:ms:restart', () => void this.rejoin());
    on('media:ms:closed', () => {
      this.teardown();
      this.emit('state', 'closed');
    });
  }

  /** The call's media moved (worker died) or we were admitted: start over with the same local tracks. */
  private async rejoin(): Promise<void> {
    if (this.closed) return;
    this.teardown();
    this.emit('state', 'reconnecting');
    await this.start(this.local).catch((err) =>
      this.fail('media_rejoin_failed', err),
    );
  }

  private async request<K extends keyof MsRequests>(
    event: K,
    payload: MsRequests[K],
  ): Promise<unknown> {
    const res = (await this.socket
      .timeout(10_000)
      .emitWithAck(event, payload)) as AckResult;
    if (!res.ok)
      throw new CallError(res.error.code, res.error.message, res.error.details);
    return res.data;
  }
}
