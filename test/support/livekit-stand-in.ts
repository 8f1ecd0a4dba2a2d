import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenVerifier, type ClaimGrants } from 'livekit-server-sdk';

export interface TwirpCall {
  /** e.g. CreateRoom */
  method: string;
  path: string;
  body: Record<string, unknown>;
  /** The bearer token, verified with the stand-in's API secret. */
  claims: ClaimGrants | null;
}

export interface TwirpFailure {
  status: number;
  code: string;
  msg: string;
}

/**
 * A local HTTP server standing in for LiveKit's RoomService Twirp API: it
 * records each call (with its verified bearer token) and answers as LiveKit
 * would, or with a queued Twirp error. The real RoomServiceClient talks to it.
 */
export class LivekitStandIn {
  readonly calls: TwirpCall[] = [];
  /** Method name -> queued failures (answered first, in order). */
  readonly failures = new Map<string, TwirpFailure[]>();
  /** Method name -> JSON reply (defaults: an empty message). */
  readonly replies = new Map<string, unknown>();
  private server: Server | null = null;
  url = '';

  constructor(
    readonly apiKey = 'APIstandin',
    readonly apiSecret = 'stand-in-secret-stand-in-secret-0123',
  ) {}

  async start(): Promise<this> {
    const verifier = new TokenVerifier(this.apiKey, this.apiSecret);
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const path = req.url ?? '';
        const method =
          /^\/twirp\/livekit\.RoomService\/(\w+)$/.exec(path)?.[1] ?? 'unknown';
        const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        const claims = auth
          ? await verifier.verify(auth).catch(() => null)
          : null;
        const text = Buffer.concat(chunks).toString('utf8');
        this.calls.push({
          method,
          path,
          body: text ? JSON.parse(text) : {},
          claims,
        });
        const reply = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (!claims)
          return reply(401, { code: 'unauthenticated', msg: 'invalid token' });
        const failure = this.failures.get(method)?.shift();
        if (failure)
          return reply(failure.status, {
            code: failure.code,
            msg: failure.msg,
          });
        reply(200, this.replies.get(method) ?? {});
      });
    });
    await new Promise<void>((resolve) =>
      this.server!.listen(0, '127.0.0.1', () => resolve()),
    );
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  fail(method: string, status: number, code: string, msg = code): void {
    this.failures.set(method, [
      ...(this.failures.get(method) ?? []),
      { status, code, msg },
    ]);
  }

  callsTo(method: string): TwirpCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}
