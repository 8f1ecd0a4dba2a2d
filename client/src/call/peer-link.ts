import { preferRedundantAudio } from './audio-codecs';
import { LinkAdapter } from './link-adapter';
import {
  LINK_THRESHOLDS,
  type LinkAdaptation,
  type LinkSample,
  type LinkStep,
} from './link-adaptation';
import { capVideoSender } from './video-cap';

/**
 * One RTCPeerConnection to one remote participant, negotiated with the
 * "perfect negotiation" pattern (W3C WebRTC 1.0, §10.7): either side may
 * offer at any time; on a collision the polite side rolls back and the
 * impolite side ignores the incoming offer. Glare is therefore harmless, and
 * an ICE restart is just `restartIce()` from either side.
 */
export interface PeerLinkOptions {
  remoteId: string;
  /** The remote engine's peer session: signals from another session belong to another link. */
  remoteSession: string;
  polite: boolean;
  rtcConfig: RTCConfiguration;
  /** Offer straight away with our tracks (we joined after them); otherwise wait for their offer. */
  initiator: boolean;
  localStream: MediaStream | null;
  /** Upper bound for the video we send, in bits per second (a weak uplink must leave room for audio); unset: the browser decides. */
  maxVideoBitrateBps?: number;
  /**
   * Step video down to low video or audio only, and back, by this
   * connection's stats (./link-adaptation.ts).
   */
  adaptToNetwork?: boolean;
  onAdaptation?(a: LinkAdaptation, sample: LinkSample): void;
  send(
    signal:
      | { description: RTCSessionDescriptionInit }
      | { candidate: RTCIceCandidateInit },
  ): void;
  onRemoteTrack(track: MediaStreamTrack): void;
  onConnectionState(state: RTCPeerConnectionState): void;
}

export interface IncomingSignal {
  description?: RTCSessionDescriptionInit;
  candidate?: RTCIceCandidateInit;
}

export class PeerLink {
  readonly pc: RTCPeerConnection;
  readonly remoteId: string;
  readonly remoteSession: string;
  readonly remoteStream = new MediaStream();
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswer = false;
  private tracksAttached = false;
  /** While the peer's signaling is away, offers would be lost: hold them until they are back. */
  private suspended = false;
  private negotiationWaiting = false;
  /** Signals are applied one at a time, in arrival order (a candidate must not overtake its offer). */
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  private maxVideoBitrateBps: number | undefined;
  /** The engine's wish (audio only chosen by the person: off everywhere). */
  private videoWanted = true;
  /** Where this connection's network put it; 'video' when not adapting. */
  private step: LinkStep = 'video';
  private readonly adapter: LinkAdapter | null = null;

  constructor(private readonly o: PeerLinkOptions) {
    this.remoteId = o.remoteId;
    this.remoteSession = o.remoteSession;
    this.maxVideoBitrateBps = o.maxVideoBitrateBps;
    this.pc = new RTCPeerConnection(o.rtcConfig);
    this.pc.onnegotiationneeded = () => void this.negotiate();
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate && candidate.candidate)
        o.send({ candidate: candidate.toJSON() });
    };
    this.pc.ontrack = ({ track }) => {
      this.remoteStream.addTrack(track);
      o.onRemoteTrack(track);
    };
    this.pc.onconnectionstatechange = () => {
      const state = this.pc.connectionState;
      // A failed path (network change, NAT rebinding) is recovered with an ICE restart, not a new connection.
      if (state === 'failed' && !this.suspended) this.pc.restartIce();
      o.onConnectionState(state);
    };
    if (o.initiator) this.attachTracks(true);
    if (o.adaptToNetwork) {
      this.adapter = new LinkAdapter(this.pc, (a, sample) => {
        this.step = a.step;
        this.applyDirection();
        this.applyJitterBuffer();
        void this.applyVideoCap();
        o.onAdaptation?.(a, sample);
      });
      this.step = this.adapter.current.step;
    }
  }

  /** This connection's network step (always 'video' when not adapting). */
  get networkStep(): LinkStep {
    return this.step;
  }

  get connectionState(): RTCPeerConnectionState {
    return this.pc.connectionState;
  }

  handle(signal: IncomingSignal): Promise<void> {
    this.queue = this.queue
      .then(() => this.apply(signal))
      .catch((err) =>
        console.warn(`signal from ${this.remoteId} not applied`, err),
      );
    return this.queue;
  }

  restartIce(): void {
    if (!this.closed) this.pc.restartIce();
  }

  /** The peer's socket dropped: keep the connection (media may well keep flowing), hold new offers. */
  suspend(): void {
    this.suspended = true;
  }

  /** The peer is back. An offer we made while they were away was lost: roll it back so theirs gets through. */
  resume(): void {
    this.suspended = false;
    this.queue = this.queue.then(async () => {
      if (this.pc.signalingState === 'have-local-offer')
        await this.pc.setLocalDescription({ type: 'rollback' });
      if (this.negotiationWaiting) {
        this.negotiationWaiting = false;
        await this.negotiate();
      }
    });
  }

  /** Replaces the outgoing track of one kind on this connection (camera back on, device switch). */
  async replaceTrack(
    kind: 'audio' | 'video',
    track: MediaStreamTrack | null,
  ): Promise<void> {
    const t = this.pc
      .getTransceivers()
      .find((x) => (x.sender.track?.kind ?? x.receiver.track.kind) === kind);
    if (t) await t.sender.replaceTrack(track);
  }

  /** Changes the cap on the video we send (undefined lifts it); applies now, no renegotiation. */
  async setMaxVideoBitrate(bps: number | undefined): Promise<void> {
    this.maxVideoBitrateBps = bps;
    await this.applyVideoCap();
  }

  /** Audio-only: stop sending and receiving video (renegotiates), or bring it back. */
  setVideoDirection(enabled: boolean): void {
    this.videoWanted = enabled;
    this.applyDirection();
  }

  /**
   * Audio only on a poor link trades a little delay for fewer gaps;
   * elsewhere the browser decides.
   */
  private applyJitterBuffer(): void {
    const ms =
      this.step === 'audio-only'
        ? LINK_THRESHOLDS.audioOnlyJitterBufferMs
        : null;
    for (const r of this.pc.getReceivers()) {
      if (r.track.kind !== 'audio' || !('jitterBufferTarget' in r)) continue;
      (r as { jitterBufferTarget: number | null }).jitterBufferTarget = ms;
    }
  }

  /** Video flows when the person wants it and the network step allows it. */
  private applyDirection(): void {
    const enabled = this.videoWanted && this.step !== 'audio-only';
    for (const t of this.pc.getTransceivers()) {
      if (t.receiver.track.kind !== 'video' || t.currentDirection === 'stopped')
        continue;
      // Only toggles inactive: a receive-only side (no camera) stays as
      // it was negotiated.
      if (!enabled && t.direction !== 'inactive') t.direction = 'inactive';
      else if (enabled && t.direction === 'inactive') t.direction = 'sendrecv';
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.adapter?.stop();
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.onconnectionstatechange = null;
    this.pc.close();
  }

  private async negotiate(): Promise<void> {
    if (this.closed) return;
    if (this.suspended) {
      this.negotiationWaiting = true;
      return;
    }
    try {
      this.makingOffer = true;
      preferRedundantAudio(this.pc);
      await this.pc.setLocalDescription();
      const d = this.pc.localDescription;
      if (d) this.o.send({ description: { type: d.type, sdp: d.sdp } });
      await this.applyVideoCap();
    } catch (err) {
      console.warn(`offer to ${this.remoteId} failed`, err);
    } finally {
      this.makingOffer = false;
    }
  }

  private async apply({
    description,
    candidate,
  }: IncomingSignal): Promise<void> {
    if (this.closed) return;
    if (description) {
      const readyForOffer =
        !this.makingOffer &&
        (this.pc.signalingState === 'stable' || this.settingRemoteAnswer);
      const collision = description.type === 'offer' && !readyForOffer;
      this.ignoreOffer = !this.o.polite && collision;
      if (this.ignoreOffer) return;
      this.settingRemoteAnswer = description.type === 'answer';
      await this.pc.setRemoteDescription(description);
      this.settingRemoteAnswer = false;
      if (description.type === 'offer') {
        // Added after the offer is applied, our tracks ride on the transceivers it created: one round trip.
        this.attachTracks(false);
        preferRedundantAudio(this.pc);
        this.applyDirection();
        await this.pc.setLocalDescription();
        const d = this.pc.localDescription;
        if (d) this.o.send({ description: { type: d.type, sdp: d.sdp } });
        await this.applyVideoCap();
      }
    } else if (candidate) {
      try {
        await this.pc.addIceCandidate(candidate);
      } catch (err) {
        if (!this.ignoreOffer) throw err;
      }
    }
  }

  /** Encodings exist only once a sender is negotiated, so this runs after every local description. */
  private async applyVideoCap(): Promise<void> {
    const low = this.step === 'low-video';
    const T = LINK_THRESHOLDS;
    const cap = low
      ? Math.min(this.maxVideoBitrateBps ?? Infinity, T.lowVideoKbps * 1000)
      : this.maxVideoBitrateBps;
    const shape = low
      ? { scaleDown: T.lowVideoScaleDown, maxFramerate: T.lowVideoMaxFps }
      : {};
    for (const sender of this.pc.getSenders()) {
      if (sender.track?.kind !== 'video' || this.closed) continue;
      await capVideoSender(sender, cap, shape).catch((err: unknown) =>
        console.warn(`video cap for ${this.remoteId} not applied`, err),
      );
    }
  }

  private attachTracks(initiator: boolean): void {
    if (this.tracksAttached) return;
    this.tracksAttached = true;
    const stream = this.o.localStream;
    const kinds = new Set<string>();
    for (const track of stream?.getTracks() ?? []) {
      this.pc.addTrack(track, stream!);
      kinds.add(track.kind);
    }
    // Without a camera (interpreter, audio-only) still ask to receive the others' video and audio.
    if (initiator)
      for (const kind of ['audio', 'video'])
        if (!kinds.has(kind))
          this.pc.addTransceiver(kind, { direction: 'recvonly' });
  }
}
