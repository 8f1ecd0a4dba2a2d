import { createHash, randomBytes } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  AccessToken,
  ParticipantInfo,
  Room,
  TokenVerifier,
  TrackSource,
  WebhookEvent,
  type ClaimGrants,
} from 'livekit-server-sdk';
import type { Browser } from 'playwright-core';
import { WebSocketServer } from 'ws';
import { MediaPlane } from './media-plane';
import { SignalSession, type SfuGrant, type SfuRecord } from './signal-session';

const SOURCES: Record<string, TrackSource> = {
  camera: TrackSource.CAMERA,
  microphone: TrackSource.MICROPHONE,
  screen_share: TrackSource.SCREEN_SHARE,
  screen_share_audio: TrackSource.SCREEN_SHARE_AUDIO,
};

/**
 * A local stand-in for a LiveKit server's client side: the signal WebSocket
 * livekit-client connects to (`/rtc`), with the token checked by
 * livekit-server-sdk's TokenVerifier against the same key and secret our
 * server signs with, and a Chromium page as the media plane (./media-plane.ts).
 *
 * It speaks the v0 signal path (two peer connections per participant), which
 * LiveKit servers still serve; livekit-client 2.x tries `/rtc/v1` first and
 * falls back to it on a 404 from `/rtc/v1/validate`, as it does against a
 * server without v1. Everything that happens is recorded for assertions, and,
 * given a webhook URL, it posts signed participant_joined / participant_left.
 */
export class LivekitSfuStandIn {
  readonly records: SfuRecord[] = [];
  /** Our server's /api/media/livekit/webhook, once it runs. */
  webhookUrl: string | null = null;
  readonly webhooks: { event: string; identity: string; status: number }[] = [];
  url = '';
  private server: Server | null = null;
  private readonly wss = new WebSocketServer({ noServer: true });
  private plane: MediaPlane | null = null;
  private readonly rooms = new Map<
    string,
    { sid: string; sessions: Set<SignalSession> }
  >();
  private readonly verifier: TokenVerifier;
  private stopping = false;

  constructor(
    readonly apiKey = 'APIstandin',
    readonly apiSecret = 'stand-in-secret-stand-in-secret-0123',
  ) {
    this.verifier = new TokenVerifier(apiKey, apiSecret);
  }

  async start(browser: Browser): Promise<this> {
    this.server = createServer((req, res) => void this.onHttp(req, res));
    this.server.on(
      'upgrade',
      (req, socket, head) => void this.onUpgrade(req, socket, head),
    );
    await new Promise<void>((resolve) =>
      this.server!.listen(0, '127.0.0.1', () => resolve()),
    );
    const origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.url = origin.replace('http', 'ws');
    this.plane = await MediaPlane.open(browser, origin, (e) => {
      const s = this.sessionBySid(e.participantSid);
      if (e.type === 'track') s?.onTrackLive(e.trackSid);
      else s?.onPublisherState(e.state);
    });
    return this;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const room of this.rooms.values())
      for (const s of room.sessions) s.leave('socket_closed');
    for (const c of this.wss.clients) c.terminate();
    this.wss.close();
    await this.plane?.shutdown();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  joins() {
    return this.records.filter(
      (r): r is Extract<SfuRecord, { kind: 'join' }> => r.kind === 'join',
    );
  }
  addTracks(identity?: string) {
    return this.records.filter(
      (r): r is Extract<SfuRecord, { kind: 'add-track' }> =>
        r.kind === 'add-track' && (!identity || r.identity === identity),
    );
  }
  leaves() {
    return this.records.filter(
      (r): r is Extract<SfuRecord, { kind: 'leave' }> => r.kind === 'leave',
    );
  }
  refusals() {
    return this.records.filter(
      (r): r is Extract<SfuRecord, { kind: 'refused' }> => r.kind === 'refused',
    );
  }
  /** Media-plane byte counters by participant sid (for failure messages). */
  mediaStats() {
    return this.plane ? this.plane.stats() : Promise.resolve({});
  }

  /** Who is connected to a room now. */
  present(room: string): string[] {
    return [...(this.rooms.get(room)?.sessions ?? [])].map((s) => s.identity);
  }

  /** A join token's claims, or why LiveKit would refuse it. */
  private async admit(
    token: string | null,
  ): Promise<
    | { ok: true; claims: ClaimGrants; grant: SfuGrant }
    | { ok: false; reason: string }
  > {
    if (!token) return { ok: false, reason: 'no access token' };
    let claims: ClaimGrants;
    try {
      claims = await this.verifier.verify(token);
    } catch (err) {
      return { ok: false, reason: `invalid token: ${(err as Error).message}` };
    }
    const v = claims.video;
    if (!v?.roomJoin || !v.room)
      return { ok: false, reason: 'permissions denied: no roomJoin grant' };
    if (!claims.sub) return { ok: false, reason: 'no identity' };
    const sources = ((v.canPublishSources ?? []) as unknown[]).map((s) =>
      typeof s === 'number' ? (s as TrackSource) : SOURCES[String(s)]!,
    );
    return {
      ok: true,
      claims,
      grant: {
        room: v.room,
        canPublish: v.canPublish ?? true,
        canPublishSources: sources,
        canSubscribe: v.canSubscribe ?? true,
        hidden: v.hidden ?? false,
      },
    };
  }

  private async onHttp(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://x');
    // livekit-client probes /validate from the page's origin when the socket fails: it needs CORS to read the answer.
    res.setHeader('access-control-allow-origin', '*');
    const reply = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(text);
    };
    if (u.pathname === '/rtc/v1/validate') return reply(404, 'not found');
    if (u.pathname === '/rtc/validate') {
      const a = await this.admit(u.searchParams.get('access_token'));
      return a.ok ? reply(200, 'success') : reply(401, a.reason);
    }
    reply(404, 'not found');
  }

  private async onUpgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://x');
    const refuse = (status: number, reason: string) => {
      this.records.push({ kind: 'refused', path: u.pathname, status, reason });
      socket.end(
        `HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : 'Unauthorized'}\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
      );
    };
    if (u.pathname !== '/rtc')
      return refuse(404, `no signal endpoint at ${u.pathname}`);
    const a = await this.admit(u.searchParams.get('access_token'));
    if (!a.ok) return refuse(401, a.reason);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const room = this.rooms.get(a.grant.room) ?? {
        sid: `RM_${randomBytes(6).toString('hex')}`,
        sessions: new Set<SignalSession>(),
      };
      this.rooms.set(a.grant.room, room);
      const session: SignalSession = new SignalSession(
        ws,
        {
          plane: this.plane!,
          roomSid: room.sid,
          others: (self) => [...room.sessions].filter((s) => s !== self),
          removed: (self) => room.sessions.delete(self),
          stopping: () => this.stopping,
          record: (r) => this.records.push(r),
          webhook: (event, who) =>
            void this.postWebhook(event, who, a.grant.room, room.sid),
        },
        a.claims.sub!,
        a.claims.name ?? '',
        a.claims.attributes ?? {},
        a.grant,
        {
          autoSubscribe: u.searchParams.get('auto_subscribe') !== '0',
          adaptiveStream: u.searchParams.get('adaptive_stream') === '1',
        },
      );
      room.sessions.add(session);
      session.start();
    });
  }

  private sessionBySid(participantSid: string): SignalSession | undefined {
    for (const room of this.rooms.values())
      for (const s of room.sessions)
        if (s.participantSid === participantSid) return s;
    return undefined;
  }

  /** Signed as LiveKit signs webhooks: a JWT from the API key whose sha256 claim is the body's hash. */
  private async postWebhook(
    event: 'participant_joined' | 'participant_left',
    who: SignalSession,
    room: string,
    roomSid: string,
  ): Promise<void> {
    if (!this.webhookUrl) return;
    const info = who.info();
    const e = new WebhookEvent({
      id: `EV_${randomBytes(6).toString('hex')}`,
      createdAt: BigInt(Math.floor(Date.now() / 1000)),
      room: new Room({ name: room, sid: roomSid }),
      participant: new ParticipantInfo({
        identity: info.identity,
        sid: info.sid,
        name: info.name,
        attributes: info.attributes,
      }),
    });
    e.event = event;
    const body = e.toJsonString();
    const at = new AccessToken(this.apiKey, this.apiSecret);
    at.sha256 = createHash('sha256').update(body).digest('base64');
    const res = await fetch(this.webhookUrl, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/webhook+json',
        authorization: await at.toJwt(),
      },
    }).catch(() => null);
    this.webhooks.push({
      event,
      identity: info.identity,
      status: res?.status ?? 0,
    });
  }
}
