import type { Socket } from 'socket.io-client';
import {
  callJoinResultSchema,
  type CallJoinRequest,
  type CallJoinResult,
  type CallParticipant,
} from '../../../signaling/protocol/call-events';
import { asCallError, CallError } from './call-error';
import type {
  CallEngineEvents,
  CallEngineOptions,
  CallEngineState,
  RemoteParticipant,
} from './call-engine-types';
import {
  adoptParticipants,
  dropPerson,
  type Presence,
  participantChanged,
} from './call-presence';
import { CallRoster } from './call-roster';
import {
  openCallSocket,
  randomPeerSession,
  requestAck,
  whenConnected,
} from './call-socket';
import type { PeerStats } from './call-stats';
import { LocalMedia } from './local-media';
import { type MeshCall, P2pMesh } from './p2p-mesh';
import { type LocalSending, SfuSession } from './sfu-session';
import { listenForCallPushes } from './call-pushes';
import { TypedEmitter } from './typed-emitter';

export type {
  CallEngineEvents,
  CallEngineOptions,
  CallEngineState,
  NetworkStepEvent,
  RemoteParticipant,
} from './call-engine-types';
export { CallError };

const kbpsToBps = (kbps: number | undefined) =>
  kbps === undefined ? undefined : kbps * 1000;

/**
 * A call over our socket.io signaling. Framework-free: React pages and the
 * patient page wrap it. See ./index.ts for the API. The lifecycle (join,
 * participants, reconnect grace, leave, end) is the same on every backend and
 * lives here; the media is a p2p mesh (./p2p-mesh.ts, up to 4 people) unless
 * `call:join` names an SFU, in which case one SfuCallMedia carries it
 * (./sfu-session.ts). The people are in ./call-roster.ts.
 */
export class CallEngine extends TypedEmitter<CallEngineEvents> {
  readonly peerSession = randomPeerSession();
  private readonly socket: Socket;
  private readonly ownsSocket: boolean;
  private _state: CallEngineState = 'idle';
  private target: Omit<CallJoinRequest, 'peerSession'> | null = null;
  private joined: CallJoinResult | null = null;
  private readonly mesh: P2pMesh;
  /** The SFU media when the call is on mediasoup or LiveKit. */
  private readonly sfu: SfuSession;
  private readonly people: CallRoster;
  private readonly presence: Presence;
  private readonly local: LocalMedia;
  /** The cap on the video we send, in bit/s (undefined: none). */
  private maxVideoBps: number | undefined;
  private readonly detach: (() => void)[] = [];
  /**
   * Pushes that arrive after our join reached the server but before we hold its
   * answer (the camera prompt can take seconds): a newcomer's offer among them.
   * Dropped, the call would sit at "new" forever; they are replayed once joined.
   */
  private early: (() => void)[] | null = null;

  constructor(o: CallEngineOptions = {}) {
    super();
    this.maxVideoBps = kbpsToBps(o.maxVideoBitrateKbps);
    this.local = new LocalMedia(o.media);
    const { socket, owned } = openCallSocket(o);
    this.socket = socket;
    this.ownsSocket = owned;
    const emit = this.emit.bind(this);
    this.people = new CallRoster(emit);
    this.mesh = new P2pMesh(socket, this.peerSession, o, {
      remoteStream: (id, stream) => this.people.setStream(id, stream),
      connectionState: (id, state) => {
        this.people.setConnectionState(id, state);
        if (state === 'connected') this.mesh.reportMedia(this.callId, id);
      },
      network: (e) => this.emit('network', e),
      closed: (id) => this.people.forgetMedia(id),
    });
    this.sfu = new SfuSession(socket, {
      remoteStream: (id, stream) => this.people.setStream(id, stream),
      connectionState: (s) => this.people.setEveryoneConnectionState(s),
      activeSpeaker: (id) => this.emit('active-speaker', id),
      mutedByHost: (m) => {
        if (m.audio && !this.local.audioMuted) this.setMicrophoneMuted(true);
        if (m.video && !this.local.videoMuted) this.setCameraOff(true);
      },
      error: (err) => this.emit('error', err),
    });
    this.presence = { people: this.people, mesh: this.mesh };
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
    return this.local.stream;
  }
  get participants(): RemoteParticipant[] {
    return this.people.list();
  }
  get audioOnly(): boolean {
    return this.local.audioOnly;
  }
  get muted(): { audio: boolean; video: boolean } {
    return { audio: this.local.audioMuted, video: this.local.videoMuted };
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
      await whenConnected(this.socket);
      const result = await this.sendJoin();
      await this.ensureLocalMedia(result.self.permissions);
      this.adoptJoin(result, false);
      const early = this.early ?? [];
      this.early = null;
      for (const replay of early) replay();
      await this.sfu.start(result, this.sending);
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
    this.local.setMicrophoneMuted(muted);
    this.sfu.media
      ?.setMicrophoneMuted(muted)
      .catch((err: unknown) =>
        this.emit('error', asCallError('mute_failed', err)),
      );
    this.announceMediaState();
  }

  setCameraOff(off: boolean): void {
    this.local.setCameraOff(off);
    this.sfu.media
      ?.setCameraOff(off || this.local.audioOnly)
      .catch((err: unknown) =>
        this.emit('error', asCallError('mute_failed', err)),
      );
    this.announceMediaState();
  }

  /** Audio-only: releases the camera and stops video both ways (a weak network); false brings the camera back. */
  async setAudioOnly(on: boolean): Promise<void> {
    if (on === this.local.audioOnly) return;
    this.local.audioOnly = on;
    const stream = this.local.stream;
    if (on) {
      this.local.dropCamera();
      await this.mesh.setVideoTrack(null);
      await this.sfu.media?.setCameraOff(true);
    } else if (stream && this.joined?.self.permissions.canPublishVideo) {
      const track = await this.local.addCamera();
      if (track) {
        await this.mesh.setVideoTrack(track);
        // The SFU adapter publishes from the stream it was given: restart it on the new camera track.
        if (this.sfu.media) await this.sfu.restart(this.joined, this.sending);
      }
    }
    this.emit('local-stream', stream);
    this.announceMediaState();
  }

  /** Changes the cap on the video we send (kbit/s; undefined lifts it), at once and without renegotiating. */
  async setMaxVideoBitrate(kbps: number | undefined): Promise<void> {
    const bps = (this.maxVideoBps = kbpsToBps(kbps));
    await Promise.all([
      ...this.mesh.setMaxVideoBitrate(bps),
      this.sfu.media?.setMaxVideoBitrate(bps),
    ]);
  }

  /** Asks every peer (or one) to restart ICE, and restarts our side too. */
  restartIce(participantId?: string): void {
    const callId = this.requireCall();
    if (!this.sfu.media) return this.mesh.restartIce(callId, participantId);
    this.sfu.media
      .restartIce()
      .catch((err: unknown) =>
        this.emit('error', asCallError('ice_restart_failed', err)),
      );
  }

  getStats(): Promise<PeerStats[]> {
    return this.mesh.stats();
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
    const pushes = listenForCallPushes(
      this.socket,
      {
        callId: () => this.callId,
        early: () => this.early,
        malformed: (err) => this.emit('error', err),
      },
      {
        'call:participant': (e) =>
          participantChanged(
            this.presence,
            e.participant,
            this.joined?.self.participantId,
          ),
        'call:signal': (e) => {
          // An SFU carries the media; peer offers do not apply.
          if (this.joined?.media.backend !== 'p2p') return;
          this.mesh.signal(this.meshCall, e, this.people.info(e.from));
        },
        'call:ice-restart': (e) => this.mesh.get(e.from)?.restartIce(),
        'call:ended': (e) => {
          this.teardown('ended');
          this.emit('ended', e);
        },
        'call:removed': (e) => {
          this.teardown('left');
          this.emit('removed', e);
        },
      },
    );
    this.detach.push(...pushes);
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
        if (!result.resumed || !this.sfu.media)
          await this.sfu.restart(result, this.sending);
        else await this.sfu.media.restartIce();
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
      audioMuted: this.local.audioMuted,
      videoMuted: this.local.videoMuted,
    });
    return callJoinResultSchema.parse(data);
  }

  private adoptJoin(result: CallJoinResult, rejoining: boolean): void {
    this.joined = result;
    adoptParticipants(this.presence, result, rejoining, this.meshCall);
  }

  // ---- peers ----

  /** The call as a new p2p connection needs it. */
  private readonly meshCall = (): MeshCall => ({
    callId: this.requireCall(),
    joined: this.joined!,
    localStream: this.local.stream,
    maxVideoBps: this.maxVideoBps,
    audioOnly: this.local.audioOnly,
  });

  // ---- media ----

  private async ensureLocalMedia(
    permissions: CallParticipant['permissions'],
  ): Promise<void> {
    if (await this.local.open(permissions))
      this.emit('local-stream', this.local.stream);
  }

  /** What the SFU media sends, read as it starts. */
  private readonly sending = (): LocalSending => ({
    stream: this.local.stream,
    maxVideoBps: this.maxVideoBps,
    audioMuted: this.local.audioMuted,
    videoMuted: this.local.videoMuted,
    audioOnly: this.local.audioOnly,
  });

  private announceMediaState(): void {
    const callId = this.callId;
    if (callId && this._state === 'joined') {
      this.socket.emit(
        'call:media-state',
        {
          callId,
          audioMuted: this.local.audioMuted,
          videoMuted: this.local.videoMuted || this.local.audioOnly,
        },
        () => undefined,
      );
    }
  }

  // ---- plumbing ----

  private teardown(state: 'left' | 'ended'): void {
    this.sfu.stop();
    this.mesh.closeAll();
    for (const id of this.people.ids()) dropPerson(this.presence, id);
    if (this.local.release()) this.emit('local-stream', null);
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

  private request(event: string, payload: unknown): Promise<unknown> {
    return requestAck(this.socket, event, payload);
  }
}
