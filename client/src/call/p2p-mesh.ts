import type { Socket } from 'socket.io-client';
import type {
  CallJoinResult,
  CallParticipant,
  CallPushes,
} from '../../../signaling/protocol/call-events';
import { CallError } from './call-error';
import type { CallEngineOptions, NetworkStepEvent } from './call-engine-types';
import { type PeerStats, peerStats } from './call-stats';
import { PeerLink } from './peer-link';

/** What the mesh tells the engine about each connection. */
export interface MeshEvents {
  remoteStream(participantId: string, stream: MediaStream): void;
  connectionState(participantId: string, state: RTCPeerConnectionState): void;
  network(e: NetworkStepEvent): void;
  /** Their connection was closed (or never was): their stream is gone. */
  closed(participantId: string): void;
}

/** The call as a new connection needs it, read when the connection opens. */
export interface MeshCall {
  callId: string;
  joined: CallJoinResult;
  localStream: MediaStream | null;
  maxVideoBps: number | undefined;
  audioOnly: boolean;
}

/**
 * The p2p media: one PeerLink (RTCPeerConnection) per other participant,
 * signaled over our socket, and the reports the server cannot see for
 * itself (media connected, relay or direct path).
 */
export class P2pMesh {
  private readonly links = new Map<string, PeerLink>();
  /** The call whose media path (relay or direct) this page has reported. */
  private icePathReported: string | null = null;

  constructor(
    private readonly socket: Socket,
    private readonly peerSession: string,
    private readonly o: Pick<
      CallEngineOptions,
      'iceTransportPolicy' | 'adaptToNetwork'
    >,
    private readonly events: MeshEvents,
  ) {}

  get(participantId: string): PeerLink | undefined {
    return this.links.get(participantId);
  }

  ids(): string[] {
    return [...this.links.keys()];
  }

  all(): PeerLink[] {
    return [...this.links.values()];
  }

  open(
    call: MeshCall,
    p: Pick<CallParticipant, 'participantId' | 'peerSession'>,
    initiator: boolean,
    session = p.peerSession,
  ): PeerLink {
    const { callId } = call;
    const selfId = call.joined.self.participantId;
    const media = call.joined.media;
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
      localStream: call.localStream,
      maxVideoBitrateBps: call.maxVideoBps,
      adaptToNetwork: this.o.adaptToNetwork ?? true,
      onAdaptation: (a, sample) =>
        this.events.network({
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
      onRemoteTrack: () =>
        this.events.remoteStream(p.participantId, link.remoteStream),
      onConnectionState: (state) =>
        this.events.connectionState(p.participantId, state),
    });
    this.links.set(p.participantId, link);
    if (call.audioOnly) link.setVideoDirection(false);
    return link;
  }

  close(participantId: string): void {
    this.links.get(participantId)?.close();
    this.links.delete(participantId);
    this.events.closed(participantId);
  }

  closeAll(): void {
    for (const id of this.ids()) this.close(id);
  }

  /**
   * One participant of a (re)join answer: a new peer session (a reload) gets
   * a new connection; we offer to everyone present we have none with; on a
   * rejoin the existing ones restart ICE.
   */
  adopt(call: () => MeshCall, p: CallParticipant, rejoining: boolean): void {
    const link = this.links.get(p.participantId);
    if (link && link.remoteSession !== p.peerSession)
      this.close(p.participantId);
    if (p.state !== 'present') return;
    const existing = this.links.get(p.participantId);
    if (!existing) this.open(call(), p, true);
    else if (rejoining) {
      existing.restartIce();
      // Media often survives a signaling drop; say so, since the server counted us gone meanwhile.
      if (existing.connectionState === 'connected')
        this.reportMedia(call().callId, p.participantId);
    }
  }

  /** Someone's state changed: a reload closes their connection; reconnecting suspends it. */
  participantChanged(p: CallParticipant, before: CallParticipant | undefined) {
    const link = this.links.get(p.participantId);
    if (!link) return; // A newcomer offers to us; their offer creates the link.
    if (link.remoteSession !== p.peerSession)
      return this.close(p.participantId);
    if (p.state === 'reconnecting') link.suspend();
    else if (before?.state === 'reconnecting') link.resume();
  }

  /** An offer, answer or candidate from a peer; an offer from someone new opens their connection. */
  signal(
    call: () => MeshCall,
    e: CallPushes['call:signal'],
    known: CallParticipant | undefined,
  ): void {
    let link = this.links.get(e.from);
    if (link && link.remoteSession !== e.session) {
      this.close(e.from);
      link = undefined;
    }
    if (!link) {
      if (e.description?.type !== 'offer') return; // a leftover for a connection we closed
      link = this.open(
        call(),
        known ?? { participantId: e.from, peerSession: e.session },
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

  /** Our camera track to every peer (null: none; audio-only also stops video both ways). */
  async setVideoTrack(track: MediaStreamTrack | null): Promise<void> {
    for (const link of this.links.values()) {
      await link.replaceTrack('video', track);
      link.setVideoDirection(track !== null);
    }
  }

  setMaxVideoBitrate(bps: number | undefined): Promise<void>[] {
    return this.all().map((l) => l.setMaxVideoBitrate(bps));
  }

  /** Restarts ICE with every peer (or one), asking them to do the same. */
  restartIce(callId: string, participantId?: string): void {
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

  stats(): Promise<PeerStats[]> {
    return Promise.all(this.all().map((l) => peerStats(l.remoteId, l.pc)));
  }

  /** The server records media_connected once per stint; the p2p backend cannot see media itself. */
  reportMedia(callId: string | null, peer: string): void {
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
}
