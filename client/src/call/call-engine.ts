import type { Socket } from 'socket.io-client';
import {
  callJoinResultSchema,
  type CallJoinRequest,
  type CallJoinResult,
  type CallParticipant,
} from '../../../signaling/protocol/call-events';
import { asCallError, CallError } from './call-error';
import { CallMediaControls } from './call-media-controls';
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
import { SfuSession } from './sfu-session';
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
  /** Microphone, camera, audio-only and bitrate cap. */
  private readonly controls: CallMediaControls;
  private readonly detach: (() => void)[] = [];
  /**
   * Pushes that arrive after our join reached the server but before we hold its
   * answer (the camera prompt can take seconds): a newcomer's offer among them.
   * Dropped, the call would sit at "new" forever; they are replayed once joined.
   */
  private early: (() => void)[] | null = null;

  constructor(o: CallEngineOptions = {}) {
    super();
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
    this.controls = new CallMediaControls(
      {
        local: this.local,
        mesh: this.mesh,
        sfu: this.sfu,
        joined: () => this.joined,
        localStream: (stream) => this.emit('local-stream', stream),
        error: (err) => this.emit('error', err),
        socket,
        callId: () => (this._state === 'joined' ? this.callId : null),
      },
      o.maxVideoBitrateKbps,
    );
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
      await this.controls.open(result.self.permissions);
      this.adoptJoin(result, false);
      const early = this.early ?? [];
      this.early = null;
      for (const replay of early) replay();
      await this.sfu.start(result, this.controls.sending);
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
    this.controls.setMicrophoneMuted(muted);
  }

  setCameraOff(off: boolean): void {
    this.controls.setCameraOff(off);
  }

  /** Audio-only: releases the camera and stops video both ways (a weak network); false brings the camera back. */
  setAudioOnly(on: boolean): Promise<void> {
    return this.controls.setAudioOnly(on);
  }

  /** Changes the cap on the video we send (kbit/s; undefined lifts it), at once and without renegotiating. */
  setMaxVideoBitrate(kbps: number | undefined): Promise<void> {
    return this.controls.setMaxVideoBitrate(kbps);
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
          await this.sfu.restart(result, this.controls.sending);
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
    maxVideoBps: this.controls.maxVideoBps,
    audioOnly: this.local.audioOnly,
  });

  // ---- media ----

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
