import {
  JoinResponse,
  ParticipantInfo,
  ParticipantInfo_State,
  ParticipantPermission,
  ParticipantUpdate,
  Pong,
  Room,
  ServerInfo,
  ServerInfo_Edition,
  SessionDescription,
  SignalRequest,
  SignalResponse,
  SignalTarget,
  StreamState,
  StreamStateInfo,
  StreamStateUpdate,
  TrackInfo,
  TrackPublishedResponse,
  type TrackSource,
  type TrackType,
  DisconnectReason,
} from '@livekit/protocol';
import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { MediaPlane } from './media-plane';
import { labelSubscriberOffer, publisherTrackIds } from './sdp';

export interface SfuGrant {
  room: string;
  canPublish: boolean;
  /** Empty: any source (LiveKit's rule). */
  canPublishSources: TrackSource[];
  canSubscribe: boolean;
  hidden: boolean;
}

export type SfuRecord =
  | {
      kind: 'join';
      room: string;
      identity: string;
      participantSid: string;
      grant: SfuGrant;
      adaptiveStream: boolean;
      autoSubscribe: boolean;
    }
  | { kind: 'refused'; path: string; status: number; reason: string }
  | {
      kind: 'add-track';
      room: string;
      identity: string;
      source: TrackSource;
      type: TrackType;
      cid: string;
      accepted: boolean;
      trackSid?: string;
    }
  | {
      kind: 'track-settings';
      identity: string;
      trackSids: string[];
      disabled: boolean;
    }
  | { kind: 'media'; identity: string; state: string }
  | {
      kind: 'leave';
      room: string;
      identity: string;
      how: 'leave_request' | 'socket_closed';
    };

/** What a session needs from the stand-in: its room, the media plane, the record, the webhook. */
export interface SessionHost {
  plane: MediaPlane;
  roomSid: string;
  /** Everyone else currently in the room. */
  others(self: SignalSession): SignalSession[];
  removed(self: SignalSession): void;
  /** The stand-in is shutting down: the media plane may be gone, errors are expected. */
  stopping(): boolean;
  record(r: SfuRecord): void;
  webhook(
    event: 'participant_joined' | 'participant_left',
    who: SignalSession,
  ): void;
}

const sidOf = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;

interface Published {
  info: TrackInfo;
  cid: string;
  /** Its media reached the media plane: it can be forwarded. */
  live: boolean;
}

/**
 * One participant's signal connection, speaking LiveKit's v0 (dual peer
 * connection) protocol: JoinResponse first, then the publisher offer/answer
 * (target PUBLISHER), server-initiated subscriber offers (target SUBSCRIBER),
 * trickle both ways, AddTrackRequest -> TrackPublishedResponse, participant
 * updates, stream states, ping/pong and leave. It enforces the token's grant
 * the way LiveKit does (a source not granted is not published).
 */
export class SignalSession {
  readonly participantSid = sidOf('PA');
  private readonly tracks = new Map<string, Published>();
  private version = 1;
  private state = ParticipantInfo_State.JOINED;
  private readonly joinedAt = BigInt(Math.floor(Date.now() / 1000));
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  /** The client has configured its peer connections (its first publisher offer came). */
  private ready = false;
  private subscriberOfferId = 0;
  private subscriberRunning = false;
  private subscriberDirty = false;
  private pendingAnswer: { id: number; resolve: () => void } | null = null;
  /** Tracks on our subscriber connection; the ones the client disabled (UpdateTrackSettings). */
  private readonly forwarded = new Set<string>();
  private readonly disabled = new Set<string>();
  private announcedJoin = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly host: SessionHost,
    readonly identity: string,
    private readonly name: string,
    private readonly attributes: Record<string, string>,
    readonly grant: SfuGrant,
    private readonly opts: { autoSubscribe: boolean; adaptiveStream: boolean },
  ) {}

  start(): void {
    this.host.record({
      kind: 'join',
      room: this.grant.room,
      identity: this.identity,
      participantSid: this.participantSid,
      grant: this.grant,
      ...this.opts,
    });
    this.ws.on('message', (data: Buffer) => {
      const req = SignalRequest.fromBinary(new Uint8Array(data));
      this.queue = this.queue
        .then(() => this.handle(req))
        .catch((err) => {
          if (!this.closed && !this.host.stopping())
            process.stderr.write(
              `[sfu stand-in] ${req.message.case}: ${String(err)}\n`,
            );
        });
    });
    this.ws.on('close', () => this.leave('socket_closed'));
    this.send({
      case: 'join',
      value: new JoinResponse({
        room: new Room({
          sid: this.host.roomSid,
          name: this.grant.room,
          creationTime: this.joinedAt,
        }),
        participant: this.info(),
        otherParticipants: this.host
          .others(this)
          .filter((o) => !o.grant.hidden)
          .map((o) => o.info()),
        serverVersion: '1.8.4',
        serverInfo: new ServerInfo({
          edition: ServerInfo_Edition.Standard,
          version: '1.8.4',
          protocol: 15,
          region: 'loopback',
          nodeId: 'ND_standin',
        }),
        // Publisher-primary: the client offers its publisher connection right away; we offer the subscriber one when there is media.
        subscriberPrimary: false,
        pingInterval: 5,
        pingTimeout: 30,
      }),
    });
    this.broadcast();
  }

  info(): ParticipantInfo {
    return new ParticipantInfo({
      sid: this.participantSid,
      identity: this.identity,
      name: this.name,
      state: this.state,
      tracks: [...this.tracks.values()]
        .filter((t) => t.live)
        .map((t) => t.info),
      joinedAt: this.joinedAt,
      version: this.version,
      attributes: this.attributes,
      isPublisher: [...this.tracks.values()].some((t) => t.live),
      permission: new ParticipantPermission({
        canSubscribe: this.grant.canSubscribe,
        canPublish: this.grant.canPublish,
        canPublishSources: this.grant.canPublishSources,
        hidden: this.grant.hidden,
      }),
    });
  }

  liveTracks(): { trackSid: string; kind: TrackType }[] {
    return [...this.tracks.values()]
      .filter((t) => t.live)
      .map((t) => ({ trackSid: t.info.sid, kind: t.info.type }));
  }

  /** The media plane received this participant's track. */
  onTrackLive(trackSid: string): void {
    const t = [...this.tracks.values()].find((x) => x.info.sid === trackSid);
    if (!t || t.live) return;
    t.live = true;
    this.version += 1;
    this.broadcast();
    for (const other of this.host.others(this)) other.syncSubscriber();
  }

  onPublisherState(state: string): void {
    this.host.record({ kind: 'media', identity: this.identity, state });
    if (state === 'connected' && !this.announcedJoin) {
      // LiveKit's participant_joined fires once the participant's connection is up.
      this.announcedJoin = true;
      this.state = ParticipantInfo_State.ACTIVE;
      this.version += 1;
      this.broadcast();
      this.host.webhook('participant_joined', this);
    }
  }

  /** Someone else's tracks changed: bring our subscriber connection in line (one negotiation at a time). */
  syncSubscriber(): void {
    if (!this.ready || this.closed) return;
    this.subscriberDirty = true;
    if (!this.subscriberRunning) void this.runSubscriberSync();
  }

  /** A socket closed without a LeaveRequest counts as gone at once (LiveKit would first wait for a resume). */
  leave(how: 'leave_request' | 'socket_closed'): void {
    if (this.closed) return;
    this.closed = true;
    this.pendingAnswer?.resolve();
    this.host.record({
      kind: 'leave',
      room: this.grant.room,
      identity: this.identity,
      how,
    });
    this.state = ParticipantInfo_State.DISCONNECTED;
    this.version += 1;
    const gone = this.info();
    gone.disconnectReason = DisconnectReason.CLIENT_INITIATED;
    this.host.removed(this);
    for (const other of this.host.others(this)) {
      if (!this.grant.hidden)
        other.send({
          case: 'update',
          value: new ParticipantUpdate({ participants: [gone] }),
        });
      other.syncSubscriber();
    }
    void this.host.plane
      .close(
        this.participantSid,
        [...this.tracks.values()].map((t) => t.info.sid),
      )
      .catch(() => undefined);
    if (this.announcedJoin) this.host.webhook('participant_left', this);
    this.ws.close();
  }

  send(message: SignalResponse['message']): void {
    if (this.ws.readyState === this.ws.OPEN)
      this.ws.send(new SignalResponse({ message }).toBinary());
  }

  private broadcast(): void {
    if (this.grant.hidden) return;
    const update = new ParticipantUpdate({ participants: [this.info()] });
    for (const other of this.host.others(this))
      other.send({ case: 'update', value: update });
  }

  private async handle(req: SignalRequest): Promise<void> {
    if (this.closed) return;
    const m = req.message;
    switch (m.case) {
      case 'offer': {
        // The publisher connection: msid track ids are the AddTrackRequest cids.
        const midToTrackSid: Record<string, string> = {};
        for (const [mid, cid] of publisherTrackIds(m.value.sdp)) {
          const t = this.tracks.get(cid);
          if (t) midToTrackSid[mid] = t.info.sid;
        }
        const sdp = await this.host.plane.answerPublisher(
          this.participantSid,
          m.value.sdp,
          midToTrackSid,
        );
        this.send({
          case: 'answer',
          value: new SessionDescription({
            type: 'answer',
            sdp,
            id: m.value.id,
          }),
        });
        if (!this.ready) {
          this.ready = true;
          this.syncSubscriber();
        }
        return;
      }
      case 'answer':
        await this.host.plane.subscriberAnswer(
          this.participantSid,
          m.value.sdp,
        );
        if (
          this.pendingAnswer &&
          (m.value.id === 0 || m.value.id === this.pendingAnswer.id)
        )
          this.pendingAnswer.resolve();
        return;
      case 'trickle': {
        const candidate = JSON.parse(
          m.value.candidateInit,
        ) as RTCIceCandidateInit;
        await this.host.plane.addIceCandidate(
          this.participantSid,
          m.value.target === SignalTarget.SUBSCRIBER
            ? 'subscriber'
            : 'publisher',
          candidate,
        );
        return;
      }
      case 'addTrack': {
        const r = m.value;
        const allowed =
          this.grant.canPublish &&
          (this.grant.canPublishSources.length === 0 ||
            this.grant.canPublishSources.includes(r.source));
        if (!allowed) {
          // LiveKit logs and drops it: no TrackPublishedResponse, the client's publish times out.
          this.host.record({
            kind: 'add-track',
            room: this.grant.room,
            identity: this.identity,
            source: r.source,
            type: r.type,
            cid: r.cid,
            accepted: false,
          });
          return;
        }
        const info = new TrackInfo({
          sid: sidOf('TR'),
          type: r.type,
          name: r.name,
          source: r.source,
          muted: r.muted,
          width: r.width,
          height: r.height,
          layers: r.layers,
          simulcast: r.layers.length > 1,
          disableDtx: r.disableDtx,
          stereo: r.stereo,
          disableRed: r.disableRed,
          stream: r.stream,
        });
        this.tracks.set(r.cid, { info, cid: r.cid, live: false });
        this.host.record({
          kind: 'add-track',
          room: this.grant.room,
          identity: this.identity,
          source: r.source,
          type: r.type,
          cid: r.cid,
          accepted: true,
          trackSid: info.sid,
        });
        this.send({
          case: 'trackPublished',
          value: new TrackPublishedResponse({ cid: r.cid, track: info }),
        });
        return;
      }
      case 'mute': {
        const t = [...this.tracks.values()].find(
          (x) => x.info.sid === m.value.sid,
        );
        if (t) {
          t.info.muted = m.value.muted;
          this.version += 1;
          this.broadcast();
        }
        return;
      }
      case 'trackSetting': {
        // Adaptive stream and manual disabling: stop (or resume) sending those tracks to this subscriber.
        const s = m.value;
        this.host.record({
          kind: 'track-settings',
          identity: this.identity,
          trackSids: s.trackSids,
          disabled: s.disabled,
        });
        for (const trackSid of s.trackSids) {
          if (s.disabled) this.disabled.add(trackSid);
          else this.disabled.delete(trackSid);
          if (!this.forwarded.has(trackSid)) continue;
          await this.host.plane.setForwarding(
            this.participantSid,
            trackSid,
            !s.disabled,
          );
        }
        this.sendStreamStates(
          s.trackSids.filter((sid) => this.forwarded.has(sid)),
        );
        return;
      }
      case 'ping':
        this.send({ case: 'pong', value: BigInt(Date.now()) });
        return;
      case 'pingReq':
        this.send({
          case: 'pongResp',
          value: new Pong({
            lastPingTimestamp: m.value.timestamp,
            timestamp: BigInt(Date.now()),
          }),
        });
        return;
      case 'leave':
        this.leave('leave_request');
        return;
      default:
        return; // subscription, syncState, updateLayers, ...: nothing a two-party loopback call needs
    }
  }

  /** Everything the others publish, if this participant may and wants to subscribe. */
  private wanted(): { trackSid: string; participantSid: string }[] {
    if (!this.grant.canSubscribe || !this.opts.autoSubscribe) return [];
    return this.host.others(this).flatMap((o) =>
      o.liveTracks().map((t) => ({
        trackSid: t.trackSid,
        participantSid: o.participantSid,
      })),
    );
  }

  private async runSubscriberSync(): Promise<void> {
    this.subscriberRunning = true;
    try {
      while (this.subscriberDirty && !this.closed) {
        this.subscriberDirty = false;
        const wanted = this.wanted();
        if (!wanted.length && !this.forwarded.size) continue;
        const owner = new Map(
          wanted.map((w) => [w.trackSid, w.participantSid]),
        );
        const { sdp, mids } = await this.host.plane.offerSubscriber(
          this.participantSid,
          wanted.map((w) => ({
            trackSid: w.trackSid,
            enabled: !this.disabled.has(w.trackSid),
          })),
        );
        const byMid: Record<
          string,
          { participantSid: string; trackSid: string }
        > = {};
        for (const [mid, trackSid] of Object.entries(mids))
          byMid[mid] = { participantSid: owner.get(trackSid)!, trackSid };
        const id = ++this.subscriberOfferId;
        const answered = new Promise<void>(
          (resolve) => (this.pendingAnswer = { id, resolve }),
        );
        this.send({
          case: 'offer',
          value: new SessionDescription({
            type: 'offer',
            sdp: labelSubscriberOffer(sdp, byMid),
            id,
            midToTrackId: mids,
          }),
        });
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          answered,
          new Promise((r) => (timer = setTimeout(r, 20_000))),
        ]);
        clearTimeout(timer);
        this.pendingAnswer = null;
        const added = Object.values(mids).filter(
          (sid) => !this.forwarded.has(sid),
        );
        this.forwarded.clear();
        for (const sid of Object.values(mids)) this.forwarded.add(sid);
        // LiveKit reports each forwarded track's stream state; livekit-client's adaptive stream reacts to it.
        this.sendStreamStates(added);
      }
    } catch (err) {
      if (!this.closed && !this.host.stopping())
        process.stderr.write(
          `[sfu stand-in] subscriber negotiation for ${this.identity}: ${String(err)}\n`,
        );
    } finally {
      this.subscriberRunning = false;
    }
  }

  private sendStreamStates(trackSids: string[]): void {
    if (!trackSids.length) return;
    const owners = new Map(
      this.wanted().map((w) => [w.trackSid, w.participantSid]),
    );
    const streamStates = trackSids.map(
      (trackSid) =>
        new StreamStateInfo({
          trackSid,
          participantSid: owners.get(trackSid) ?? '',
          state: this.disabled.has(trackSid)
            ? StreamState.PAUSED
            : StreamState.ACTIVE,
        }),
    );
    this.send({
      case: 'streamStateUpdate',
      value: new StreamStateUpdate({ streamStates }),
    });
  }
}
