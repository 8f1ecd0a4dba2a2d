import { io, type Socket } from 'socket.io-client';
import {
  callJoinResultSchema,
  callPushes,
  type CallJoinRequest,
  type CallJoinResult,
  type CallParticipant,
  type CallPushes,
} from '../../../signaling/protocol/call-events';
import type { AckResult } from '../../../signaling/protocol/envelope';
import { asCallError, CallError } from './call-error';
import { peerStats, type PeerStats } from './call-stats';
import type { LinkAdaptation, LinkSample } from './link-adaptation';
import { PeerLink } from './peer-link';
import { createSfuMedia } from './sfu/create-sfu-media';
import type { SfuCallMedia, SfuMediaState } from './sfu/sfu-call-media';
import { TypedEmitter } from './typed-emitter';

export type CallEngineState =
  | 'idle'
  | 'joining'
  | 'joined'
  | 'reconnecting'
  | 'left'
  | 'ended';

export interface CallEngineOptions {
  /** An already connected app socket to share; the engine never closes it. */
  socket?: Socket;
  /** Or: where to connect (default: this page's origin) ... */
  url?: string;
  /** ... and with which credential: an access token or visit token, or a function returning a fresh one on each (re)connect. */
  token?: string | (() => string | Promise<string>);
  /** Local media: a stream you already have, or constraints for getUserMedia. Default { audio: true, video: true }. */
  media?:
    | MediaStream
    | {
        audio: boolean | MediaTrackConstraints;
        video: boolean | MediaTrackConstraints;
      };
  /** 'relay' forces TURN (tests; networks that must not expose addresses). */
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** Cap on the video we send to each peer, in kbit/s (weak uplinks); unset: the browser decides. */
  maxVideoBitrateKbps?: number;
  /**
   * Step each p2p connection's video down (low video, audio only) and back
   * by its stats; default true.
   */
  adaptToNetwork?: boolean;
}

/**
 * A p2p connection changed network step (./link-adaptation.ts), with the
 * sample that moved it.
 */
export interface NetworkStepEvent {
  participantId: string;
  step: LinkAdaptation['step'];
  reason: string;
  sample: LinkSample;
}

export interface RemoteParticipant {
  info: CallParticipant;
  /** Their audio and video, once tracks arrive (a new MediaStream when their connection is rebuilt). */
  stream: MediaStream | null;
  connectionState: RTCPeerConnectionState | 'new';
}

export type CallEngineEvents = {
  state: [state: CallEngineState];
  /** A participant joined or changed: state (present / reconnecting), mute, connection, stream. */
  participant: [p: RemoteParticipant];
  'participant-left': [participantId: string];
  'remote-stream': [participantId: string, stream: MediaStream];
  'local-stream': [stream: MediaStream | null];
  /** SFU calls: who is speaking now (null: nobody). */
  'active-speaker': [participantId: string | null];
  ended: [e: CallPushes['call:ended']];
  /** This engine is out of the call: another tab of the same person took over, or a clinician removed them. */
  removed: [e: CallPushes['call:removed']];
  error: [err: CallError];
  network: [e: NetworkStepEvent];
};

export { CallError };

const kbpsToBps = (kbps: number | undefined) =>
  kbps === undefined ? undefined : kbps * 1000;

const randomSession = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) =>
    b.toString(36).padStart(2, '0'),
  ).join('');

/**
 * A call over our socket.io signaling. Framework-free: React pages and the
 * patient page wrap it. See ./index.ts for the API. The lifecycle (join,
 * participants, reconnect grace, leave, end) is the same on every backend;
 * the media is a p2p mesh (up to 4 people) unless `call:join` names an SFU,
 * in which case one SfuCallMedia carries it (./sfu/).
 */
export class CallEngine extends TypedEmitter<CallEngineEvents> {
  readonly peerSession = randomSession();
  private readonly socket: Socket;
  private readonly ownsSocket: boolean;
  private _state: CallEngineState = 'idle';
  private target: Omit<CallJoinRequest, 'peerSession'> | null = null;
  private joined: CallJoinResult | null = null;
  private readonly links = new Map<string, PeerLink>();
  /** The SFU media when the call is on mediasoup or LiveKit; null on p2p. */
  private sfu: SfuCallMedia | null = null;
  private readonly people = new Map<string, RemoteParticipant>();
  private _localStream: MediaStream | null = null;
  private ownsLocalStream = false;
  private audioMuted = false;
  private videoMuted = false;
  private _audioOnly = false;
  /** The call whose media path (relay or direct) this page has reported. */
  private icePathReported: string | null = null;
  /** The cap on the video we send, in bit/s (undefined: none). */
  private maxVideoBps: number | undefined;
  private readonly detach: (() => void)[] = [];
  /**
   * Pushes that arrive after our join reached the server but before we hold its
   * answer (the camera prompt can take seconds): a newcomer's offer among them.
   * Dropped, the call would sit at "new" forever; they are replayed once joined.
   */
  private early: (() => void)[] | null = null;

  constructor(private readonly o: CallEngineOptions = {}) {
    super();
    this.maxVideoBps = kbpsToBps(o.maxVideoBitrateKbps);
    if (o.socket) {
      this.socket = o.socket;
      this.ownsSocket = false;
    } else {
      const token = o.token;
      this.socket = io(o.url ?? location.origin, {
        transports: ['websocket'],
        auth: (cb) =>
          void Promise.resolve(
            typeof token === 'function' ? token() : token,
          ).then((t) => cb({ token: t })),
      });
      this.ownsSocket = true;
    }
    this.listen();
  }

  get state(): CallEngineState {
    return this._state;
  }
  get callId(): string | null {
    return this.joined?.call.callId ?? null;
  }
  get self(): CallParticipant | null {
    return this.joined?.self ?? null;
  }
  get localStream(): MediaStream | null {
    return this._localStream;
  }
  get participants(): RemoteParticipant[] {
    return [...this.people.values()];
  }
  get audioOnly(): boolean {
    return this._audioOnly;
  }
  get muted(): { audio: boolean; video: boolean } {
    return { audio: this.audioMuted, video: this.videoMuted };
  }

  /** Gets the camera/microphone (as the server permits this role), joins, and connects to everyone present. */
  async join(
    target: Omit<CallJoinRequest, 'peerSession' | 'audioMuted' | 'videoMuted'>,
  ): Promise<CallJoinResult> {
    if (this._state !== 'idle' && this._state !== 'left')
      throw new CallError('invalid_state', `Cannot join while ${this._state}.`);
    this.target = target;
    this.setState('joining');
    this.early = [];
    try {
      await this.connected();
      const result = await this.sendJoin();
      await this.ensureLocalMedia(result.self.permissions);
      this.adoptJoin(result, false);
      const early = this.early ?? [];
      this.early = null;
      for (const replay of early) replay();
      await this.startSfu(result);
      this.setState('joined');
      return result;
    } catch (err) {
      this.early = null;
      this.setState('idle');
      throw err;
    }
  }

  async leave(): Promise<void> {
    const callId = this.callId;
    if (callId && (this._state === 'joined' || this._state === 'reconnecting'))
      await this.request('call:leave', { callId }).catch(() => undefined);
    this.teardown('left');
  }

  /** Ends the call for everyone (clinicians only; the server refuses others with `clinician_only`). */
  async end(): Promise<void> {
    const callId = this.requireCall();
    await this.request('call:end', { callId });
  }

  setMicrophoneMuted(muted: boolean): void {
    this.audioMuted = muted;
    for (const t of this._localStream?.getAudioTracks() ?? [])
      t.enabled = !muted;
    this.sfu
      ?.setMicrophoneMuted(muted)
      .catch((err: unknown) =>
        this.emit('error', asCallError('mute_failed', err)),
      );
    this.announceMediaState();
  }

  setCameraOff(off: boolean): void {
    this.videoMuted = off;
    for (const t of this._localStream?.getVideoTracks() ?? []) t.enabled = !off;
    this.sfu
      ?.setCameraOff(off || this._audioOnly)
      .catch((err: unknown) =>
        this.emit('error', asCallError('mute_failed', err)),
      );
    this.announceMediaState();
  }

  /** Audio-only: releases the camera and stops video both ways (a weak network); false brings the camera back. */
  async setAudioOnly(on: boolean): Promise<void> {
    if (on === this._audioOnly) return;
    this._audioOnly = on;
    const stream = this._localStream;
    if (on) {
      for (const t of stream?.getVideoTracks() ?? []) {
        t.stop();
        stream!.removeTrack(t);
      }
      for (const link of this.links.values()) {
        await link.replaceTrack('video', null);
        link.setVideoDirection(false);
      }
      await this.sfu?.setCameraOff(true);
    } else if (stream && this.joined?.self.permissions.canPublishVideo) {
      const [track] = (
        await navigator.mediaDevices.getUserMedia({
          video: this.videoConstraints(),
        })
      ).getVideoTracks();
      if (track) {
        track.enabled = !this.videoMuted;
        stream.addTrack(track);
        for (const link of this.links.values()) {
          await link.replaceTrack('video', track);
          link.setVideoDirection(true);
        }
        // The SFU adapter publishes from the stream it was given: restart it on the new camera track.
        if (this.sfu) await this.restartSfu();
      }
    }
    this.emit('local-stream', stream);
    this.announceMediaState();
  }

  /** Changes the cap on the video we send (kbit/s; undefined lifts it), at once and without renegotiating. */
  async setMaxVideoBitrate(kbps: number | undefined): Promise<void> {
    const bps = (this.maxVideoBps = kbpsToBps(kbps));
    const links = [...this.links.values()].map((l) =>
      l.setMaxVideoBitrate(bps),
    );
    await Promise.all([...links, this.sfu?.setMaxVideoBitrate(bps)]);
  }

  /** Asks every peer (or one) to restart ICE, and restarts our side too. */
  restartIce(participantId?: string): void {
    const callId = this.requireCall();
    if (this.sfu) {
      this.sfu
        .restartIce()
        .catch((err: unknown) =>
          this.emit('error', asCallError('ice_restart_failed', err)),
        );
      return;
    }
    for (const link of this.links.values()) {
      if (participantId && link.remoteId !== participantId) continue;
      link.restartIce();
      this.socket.emit(
        'call:ice-restart',
        { callId, to: link.remoteId },
        () => undefined,
      );
    }
  }

  async getStats(): Promise<PeerStats[]> {
    return Promise.all(
      [...this.links.values()].map((l) => peerStats(l.remoteId, l.pc)),
    );
  }

  /** Leaves (if in a call), stops our media and detaches from the socket. */
  async close(): Promise<void> {
    if (this._state === 'joined' || this._state === 'reconnecting')
      await this.leave();
    this.teardown(this._state === 'ended' ? 'ended' : 'left');
    for (const d of this.detach.splice(0)) d();
    if (this.ownsSocket) this.socket.close();
  }

  // ---- signaling ----

  private listen(): void {
    const on = <K extends keyof CallPushes>(
      event: K,
      fn: (p: CallPushes[K]) => void,
    ) => {
      const handler = (raw: unknown) => {
        if (this.early) {
          this.early.push(() => handler(raw));
          return;
        }
        const parsed = callPushes[event].safeParse(raw);
        if (!parsed.success)
          return this.emit(
            'error',
            new CallError('bad_push', `Ignored a malformed "${event}".`),
          );
        if (parsed.data.callId !== this.callId) return;
        fn(parsed.data as CallPushes[K]);
      };
      this.socket.on(event as string, handler);
      this.detach.push(() => this.socket.off(event as string, handler));
    };
    on('call:participant', (e) => this.onParticipant(e.participant));
    on('call:signal', (e) => this.onSignal(e));
    on('call:ice-restart', (e) => this.links.get(e.from)?.restartIce());
    on('call:ended', (e) => {
      this.teardown('ended');
      this.emit('ended', e);
    });
    on('call:removed', (e) => {
      this.teardown('left');
      this.emit('removed', e);
    });
    const onDisconnect = () => {
      if (this._state === 'joined') this.setState('reconnecting');
    };
    const onConnect = () => {
      if (this._state === 'reconnecting') void this.rejoin();
    };
    this.socket.on('disconnect', onDisconnect);
    this.socket.on('connect', onConnect);
    this.detach.push(
      () => this.socket.off('disconnect', onDisconnect),
      () => this.socket.off('connect', onConnect),
    );
  }

  /** Back on the socket within the grace window: the server resumes us; we restart ICE so media finds its path again. */
  private async rejoin(): Promise<void> {
    try {
      const result = await this.sendJoin();
      this.adoptJoin(result, true);
      if (result.media.backend !== 'p2p') {
        // Counted as gone meanwhile: the SFU dropped our media, so connect afresh; otherwise find a new path.
        if (!result.resumed || !this.sfu) await this.restartSfu(result);
        else await this.sfu.restartIce();
      }
      this.setState('joined');
    } catch (err) {
      const e =
        err instanceof CallError
          ? err
          : new CallError('rejoin_failed', String(err));
      this.emit('error', e);
      if (
        e.code === 'call_ended' ||
        e.code === 'not_a_participant' ||
        e.code === 'not_admitted'
      )
        this.teardown('ended');
    }
  }

  private async sendJoin(): Promise<CallJoinResult> {
    const data = await this.request('call:join', {
      ...this.target!,
      peerSession: this.peerSession,
      audioMuted: this.audioMuted,
      videoMuted: this.videoMuted,
    });
    return callJoinResultSchema.parse(data);
  }

  private adoptJoin(result: CallJoinResult, rejoining: boolean): void {
    this.joined = result;
    const here = new Set(result.participants.map((p) => p.participantId));
    for (const id of [...this.people.keys()])
      if (!here.has(id)) this.dropPerson(id);
    if (rejoining && !result.resumed) {
      // We were counted as gone: everyone else closed their side, so start over.
      for (const id of [...this.links.keys()]) this.closeLink(id);
    }
    for (const p of result.participants) {
      this.upsertPerson(p);
      if (result.media.backend !== 'p2p') continue;
      const link = this.links.get(p.participantId);
      if (link && link.remoteSession !== p.peerSession)
        this.closeLink(p.participantId);
      if (p.state !== 'present') continue;
      const existing = this.links.get(p.participantId);
      if (!existing) this.openLink(p, true);
      else if (rejoining) {
        existing.restartIce();
        // Media often survives a signaling drop; say so, since the server counted us gone meanwhile.
        if (existing.connectionState === 'connected')
          this.reportMedia(p.participantId);
      }
    }
  }

  private onParticipant(p: CallParticipant): void {
    if (p.participantId === this.joined?.self.participantId) return;
    if (p.state === 'left') return this.dropPerson(p.participantId);
    const before = this.people.get(p.participantId)?.info;
    this.upsertPerson(p);
    const link = this.links.get(p.participantId);
    if (!link) return; // A newcomer offers to us; their offer creates the link.
    if (link.remoteSession !== p.peerSession)
      return this.closeLink(p.participantId);
    if (p.state === 'reconnecting') link.suspend();
    else if (before?.state === 'reconnecting') link.resume();
  }

  private onSignal(e: CallPushes['call:signal']): void {
    if (this.joined?.media.backend !== 'p2p') return; // an SFU carries the media; peer offers do not apply
    let link = this.links.get(e.from);
    if (link && link.remoteSession !== e.session) {
      this.closeLink(e.from);
      link = undefined;
    }
    if (!link) {
      if (!e.description || e.description.type !== 'offer') return; // a leftover for a connection we closed
      const info = this.people.get(e.from)?.info;
      link = this.openLink(
        info ?? { participantId: e.from, peerSession: e.session },
        false,
        e.session,
      );
    }
    void link.handle(
      e.description
        ? { description: e.description }
        : { candidate: e.candidate! },
    );
  }

  // ---- peers ----

  private openLink(
    p: Pick<CallParticipant, 'participantId' | 'peerSession'>,
    initiator: boolean,
    session = p.peerSession,
  ): PeerLink {
    const callId = this.requireCall();
    const selfId = this.joined!.self.participantId;
    const media = this.joined!.media;
    if (media.backend !== 'p2p')
      throw new CallError(
        'unsupported_backend',
        `This engine speaks p2p; the call uses ${media.backend}.`,
      );
    const link = new PeerLink({
      remoteId: p.participantId,
      remoteSession: session,
      // Exactly one side of each pair is polite, decided the same way on both ends.
      polite: selfId > p.participantId,
      rtcConfig: {
        iceServers: media.iceServers,
        iceTransportPolicy: this.o.iceTransportPolicy ?? 'all',
        bundlePolicy: 'max-bundle',
      },
      initiator,
      localStream: this._localStream,
      maxVideoBitrateBps: this.maxVideoBps,
      adaptToNetwork: this.o.adaptToNetwork ?? true,
      onAdaptation: (a, sample) =>
        this.emit('network', {
          participantId: p.participantId,
          step: a.step,
          reason: a.reason,
          sample,
        }),
      send: (signal) =>
        this.socket.emit('call:signal', {
          callId,
          to: p.participantId,
          session: this.peerSession,
          ...signal,
        }),
      onRemoteTrack: () => {
        const person = this.people.get(p.participantId);
        if (person) {
          person.stream = link.remoteStream;
          this.emit('remote-stream', p.participantId, link.remoteStream);
          this.emit('participant', person);
        }
      },
      onConnectionState: (state) => {
        const person = this.people.get(p.participantId);
        if (person) {
          person.connectionState = state;
          this.emit('participant', person);
        }
        if (state === 'connected') this.reportMedia(p.participantId);
      },
    });
    this.links.set(p.participantId, link);
    if (this._audioOnly) link.setVideoDirection(false);
    return link;
  }

  /** The server records media_connected once per stint; the p2p backend cannot see media itself. */
  private reportMedia(peer: string): void {
    const callId = this.callId;
    if (callId)
      this.socket.emit(
        'call:media-connected',
        { callId, peer },
        () => undefined,
      );
    if (callId) void this.reportIcePath(callId, peer);
  }

  /**
   * Once per call: whether the first connected peer's selected candidate
   * pair goes through TURN, for the operators' relay share (/metrics).
   */
  private async reportIcePath(callId: string, peer: string): Promise<void> {
    const link = this.links.get(peer);
    if (!link || this.icePathReported === callId) return;
    this.icePathReported = callId;
    const s = await peerStats(peer, link.pc).catch(() => null);
    if (!s?.localCandidateType) {
      this.icePathReported = null; // no pair selected yet: the next report
      return;
    }
    const relay =
      s.localCandidateType === 'relay' || s.remoteCandidateType === 'relay';
    this.socket.emit('call:ice-path', { callId, relay }, () => undefined);
  }

  private closeLink(id: string): void {
    this.links.get(id)?.close();
    this.links.delete(id);
    const person = this.people.get(id);
    if (person) {
      person.stream = null;
      person.connectionState = 'new';
    }
  }

  private upsertPerson(info: CallParticipant): void {
    const person = this.people.get(info.participantId) ?? {
      info,
      stream: null,
      connectionState: 'new' as const,
    };
    person.info = info;
    this.people.set(info.participantId, person);
    this.emit('participant', person);
  }

  private dropPerson(id: string): void {
    this.closeLink(id);
    if (this.people.delete(id)) this.emit('participant-left', id);
  }

  // ---- media ----

  private async ensureLocalMedia(
    permissions: CallParticipant['permissions'],
  ): Promise<void> {
    if (this._localStream) return;
    const m = this.o.media ?? { audio: true, video: true };
    if (m instanceof MediaStream) {
      this._localStream = m;
    } else {
      const audio = permissions.canPublishAudio && m.audio;
      const video = permissions.canPublishVideo && !this._audioOnly && m.video;
      this._localStream =
        audio || video
          ? await navigator.mediaDevices.getUserMedia({ audio, video })
          : new MediaStream();
      this.ownsLocalStream = true;
    }
    for (const t of this._localStream.getAudioTracks())
      t.enabled = !this.audioMuted;
    for (const t of this._localStream.getVideoTracks())
      t.enabled = !this.videoMuted;
    this.emit('local-stream', this._localStream);
  }

  private videoConstraints(): boolean | MediaTrackConstraints {
    const m = this.o.media;
    return m && !(m instanceof MediaStream) ? m.video || true : true;
  }

  private announceMediaState(): void {
    const callId = this.callId;
    if (callId && this._state === 'joined') {
      this.socket.emit(
        'call:media-state',
        {
          callId,
          audioMuted: this.audioMuted,
          videoMuted: this.videoMuted || this._audioOnly,
        },
        () => undefined,
      );
    }
  }

  // ---- SFU media ----

  /** On mediasoup or LiveKit: hands our tracks to the SFU adapter and maps its events onto participants. */
  private async startSfu(result: CallJoinResult): Promise<void> {
    const sfu = await createSfuMedia({
      callId: result.call.callId,
      media: result.media,
      socket: this.socket,
    });
    if (!sfu) return;
    this.sfu = sfu;
    sfu.on('remote-stream', (id, stream) => this.setPersonStream(id, stream));
    sfu.on('remote-gone', (id) => this.setPersonStream(id, null));
    sfu.on('state', (s) => this.onSfuState(s));
    sfu.on('active-speaker', (id) => this.emit('active-speaker', id));
    sfu.on('permissions', (_p, mutedByHost) => {
      if (mutedByHost.audio && !this.audioMuted) this.setMicrophoneMuted(true);
      if (mutedByHost.video && !this.videoMuted) this.setCameraOff(true);
    });
    sfu.on('error', (err) => this.emit('error', err));
    try {
      await sfu.setMaxVideoBitrate(this.maxVideoBps);
      await sfu.start(this._localStream);
      if (this.audioMuted) await sfu.setMicrophoneMuted(true);
      if (this.videoMuted || this._audioOnly) await sfu.setCameraOff(true);
    } catch (err) {
      this.stopSfu();
      throw asCallError('media_failed', err);
    }
  }

  private async restartSfu(
    result: CallJoinResult | null = this.joined,
  ): Promise<void> {
    this.stopSfu();
    if (result) await this.startSfu(result);
  }

  private stopSfu(): void {
    const sfu = this.sfu;
    this.sfu = null;
    if (!sfu) return;
    sfu.removeAllListeners();
    void sfu.close().catch(() => undefined);
  }

  private setPersonStream(id: string, stream: MediaStream | null): void {
    const person = this.people.get(id);
    if (!person) return;
    person.stream = stream;
    if (stream) this.emit('remote-stream', id, stream);
    this.emit('participant', person);
  }

  /** One connection to the SFU carries everyone: its state is every participant's connection state. */
  private onSfuState(s: SfuMediaState): void {
    const state: RTCPeerConnectionState =
      s === 'connected'
        ? 'connected'
        : s === 'reconnecting'
          ? 'disconnected'
          : s === 'closed'
            ? 'closed'
            : 'connecting';
    for (const person of this.people.values()) {
      person.connectionState = state;
      this.emit('participant', person);
    }
  }

  // ---- plumbing ----

  private teardown(state: 'left' | 'ended'): void {
    this.stopSfu();
    for (const id of [...this.links.keys()]) this.closeLink(id);
    for (const id of [...this.people.keys()]) this.dropPerson(id);
    if (this.ownsLocalStream)
      for (const t of this._localStream?.getTracks() ?? []) t.stop();
    if (this.ownsLocalStream) {
      this._localStream = null;
      this.emit('local-stream', null);
    }
    this.setState(state);
  }

  private setState(s: CallEngineState): void {
    if (s === this._state) return;
    this._state = s;
    this.emit('state', s);
  }

  private requireCall(): string {
    const id = this.callId;
    if (!id) throw new CallError('not_in_call', 'Join a call first.');
    return id;
  }

  private connected(): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const ok = () => {
        this.socket.off('connect_error', fail);
        resolve();
      };
      const fail = (
        err: Error & { data?: { code?: string; message?: string } },
      ) => {
        this.socket.off('connect', ok);
        reject(
          new CallError(
            err.data?.code ?? 'connect_failed',
            err.data?.message ?? err.message,
          ),
        );
      };
      this.socket.once('connect', ok);
      this.socket.once('connect_error', fail);
    });
  }

  private async request(event: string, payload: unknown): Promise<unknown> {
    const r = (await this.socket
      .timeout(10_000)
      .emitWithAck(event, payload)) as AckResult;
    if (!r.ok)
      throw new CallError(r.error.code, r.error.message, r.error.details);
    return r.data;
  }
}
