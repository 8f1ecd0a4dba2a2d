import type { RunningServer } from '../../server/main';
import { MAX_SOCKET_PAYLOAD_BYTES } from '../../signaling/protocol/envelope';
import { freshPostgresUrl } from '../support/databases';
import {
  connectSocket,
  connected,
  nextEvent,
  refused,
  request,
} from '../support/socket-client';
import { api, login, startTestServer } from '../support/test-server';

describe('signaling: handshake, origin, session end', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('accepts a clinician access token and delivers live events to that user', async () => {
    const s = await login(server.url, 'psych.child@demo.test');
    const sock = connectSocket(server.url, s.token);
    await connected(sock);
    // Any push in the wire contract will do: app:error is one nothing else sends here.
    const ping = { code: 'test_ping', message: 'one' };
    const got = nextEvent(sock, 'app:error');
    server.services.live.toUser(s.user.id, 'app:error', ping);
    expect(await got).toEqual(ping);
    sock.close();
  });

  it.each([
    ['no token', undefined, 'unauthenticated'],
    ['a garbage token', 'a.b.c', 'token_invalid'],
  ])('refuses %s with a code', async (_l, token, code) => {
    const err = await refused(connectSocket(server.url, token));
    expect(err.data?.code).toBe(code);
  });

  it('refuses a foreign browser origin and accepts its own', async () => {
    const s = await login(server.url, 'pcp@demo.test');
    const evil = connectSocket(server.url, s.token, {
      origin: 'https://evil.example',
    });
    await refused(evil);
    evil.close();
    const own = connectSocket(server.url, s.token, { origin: server.url });
    await connected(own);
    own.close();
    const { rows } = await server.services.db.query(
      `SELECT 1 FROM audit_log WHERE action = 'socket.origin_refused'`,
    );
    expect(rows.length).toBeGreaterThan(0);
  });

  it('closes the socket when its session logs out', async () => {
    const s = await login(server.url, 'coordinator@demo.test');
    const sock = connectSocket(server.url, s.token);
    await connected(sock);
    const ended = nextEvent(sock, 'session:ended');
    const gone = nextEvent<string>(sock, 'disconnect');
    expect(
      (await api(server.url, 'POST', '/api/auth/logout', { token: s.token }))
        .status,
    ).toBe(204);
    expect(await ended).toEqual({ reason: 'logout' });
    // The server closed it (not the client, not a lost transport).
    expect(await gone).toBe('io server disconnect');
    // And the same token cannot come back.
    const err = await refused(connectSocket(server.url, s.token));
    expect(err.data?.code).toBe('token_revoked');
  });

  it('rate limits a socket that floods, with a clear error', async () => {
    const s = await login(server.url, 'pcp2@demo.test');
    const sock = connectSocket(server.url, s.token);
    await connected(sock);
    const limited = nextEvent(
      sock,
      'app:error',
      5000,
      (e: { code: string }) => e.code === 'rate_limited',
    );
    // Over the burst, short of a cut (which would keep pcp2 out of the
    // tests below: the cooldown is per user).
    for (let i = 0; i < 150; i++) sock.emit('no-such-event', {});
    expect(await limited).toMatchObject({ code: 'rate_limited' });
    sock.close();
  });

  it('disconnects a socket whose payload exceeds the cap, and only then', async () => {
    const s = await login(server.url, 'pcp2@demo.test');
    const sock = connectSocket(server.url, s.token);
    await connected(sock);
    const gone = nextEvent<string>(sock, 'disconnect');
    // Just under the cap: the server reads it and answers (a refusal of the
    // unknown field is fine), and the socket stays.
    const under = await request(sock, 'call:join', {
      blob: 'x'.repeat(MAX_SOCKET_PAYLOAD_BYTES - 1024),
    });
    expect(under).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
    expect(sock.connected).toBe(true);
    // Over the cap: the server cuts the transport itself. A session ended by
    // the app would read 'io server disconnect', a client close
    // 'io client disconnect', a silent server 'ping timeout'.
    sock.emit('call:join', {
      blob: 'x'.repeat(MAX_SOCKET_PAYLOAD_BYTES + 1024),
    });
    expect(await gone).toBe('transport close');
  });
});

describe('signaling across two instances sharing Redis', () => {
  it('delivers a live event emitted on instance A to a socket on instance B', async () => {
    const databaseUrl = await freshPostgresUrl();
    const a = await startTestServer({ databaseUrl, redis: true });
    const b = await startTestServer({
      databaseUrl,
      redis: true,
      env: { SEED_DEMO: 'false' },
    });
    try {
      const s = await login(a.url, 'psych.perinatal@demo.test');
      const sock = connectSocket(b.url, s.token);
      await connected(sock);
      const cross = { code: 'test_cross', message: 'from A' };
      const got = nextEvent(sock, 'app:error');
      // Give the streams adapter a moment to see B's subscription.
      await new Promise((r) => setTimeout(r, 300));
      a.services.live.toUser(s.user.id, 'app:error', cross);
      expect(await got).toEqual(cross);
      sock.close();
    } finally {
      await a.close();
      await b.close();
    }
  });
});
