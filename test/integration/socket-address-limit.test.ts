import { io, type Socket } from 'socket.io-client';
import type { RunningServer } from '../../server/main';
import { eventually } from '../support/eventually';
import { connected, refused, request } from '../support/socket-client';
import { login, startTestServer } from '../support/test-server';

/**
 * Sockets per client address (signaling/address-connection-limits.ts), with
 * real socket.io clients over loopback: 127.0.0.1 is the address opening
 * sockets in a loop, 127.0.0.2 a legitimate user elsewhere (Linux routes all
 * of 127/8 to loopback, and the client binds its end to it).
 */
describe('per-address socket limits', () => {
  jest.setTimeout(60_000);
  const servers: RunningServer[] = [];
  const open: Socket[] = [];
  afterAll(async () => {
    for (const s of open) s.close();
    for (const s of servers) await s.close();
  });

  async function server(env: Record<string, string>) {
    const s = await startTestServer({ env });
    servers.push(s);
    const { token } = await login(s.url, 'coordinator@demo.test');
    return { s, token };
  }

  function socket(
    url: string,
    token: string,
    o: { from?: string; forwardedFor?: string } = {},
  ): Socket {
    // localAddress reaches the WebSocket (engine.io-client passes it on),
    // though the client's option type does not declare it.
    const options = {
      transports: ['websocket'],
      auth: { token },
      reconnection: false,
      forceNew: true,
      localAddress: o.from ?? '127.0.0.1',
      extraHeaders: o.forwardedFor
        ? { 'x-forwarded-for': o.forwardedFor }
        : undefined,
    };
    const sock = io(url, options);
    open.push(sock);
    return sock;
  }

  async function refusal(sock: Socket) {
    const err = await refused(sock);
    return err.data as {
      code: string;
      details: { reason: string; retryAfterSeconds: number };
    };
  }

  const limitedRows = async (s: RunningServer, ip: string) =>
    (
      await s.services.db.query<{ details: { refusals: number } }>(
        `SELECT details FROM audit_log
          WHERE action = 'socket.connection_limited' AND client_ip = $1`,
        [ip],
      )
    ).rows;

  it('holds the open limit exactly; another address is unaffected', async () => {
    const { s, token } = await server({
      SOCKETS_OPEN_PER_ADDRESS: '4',
      SOCKET_CONNECT_BURST_PER_ADDRESS: '50',
    });
    const four = Array.from({ length: 4 }, () => socket(s.url, token));
    await Promise.all(four.map((x) => connected(x)));

    const fifth = socket(s.url, token);
    expect(await refusal(fifth)).toMatchObject({
      code: 'too_many_connections',
      details: { reason: 'too_many_open' },
    });
    // The refused connection is closed by the server, not left open.
    await eventually(() => fifth.io.engine?.readyState === 'closed');
    // A forged X-Forwarded-For is not believed without TRUST_PROXY.
    const forged = socket(s.url, token, { forwardedFor: '198.51.100.7' });
    expect((await refusal(forged)).code).toBe('too_many_connections');

    // Someone at another address connects and is answered.
    const other = socket(s.url, token, { from: '127.0.0.2' });
    await connected(other);
    const board = await request(other, 'queue:board', {});
    expect(board.ok).toBe(true);

    // One closed socket frees exactly one place.
    four[0]!.close();
    const again = await eventually(async () => {
      const x = socket(s.url, token);
      return connected(x).then(
        () => x,
        () => null,
      );
    });
    expect(again.connected).toBe(true);
    expect((await refusal(socket(s.url, token))).code).toBe(
      'too_many_connections',
    );

    // Audited once for the minute, standing for the first refusal.
    const rows = await eventually(async () => {
      const r = await limitedRows(s, '127.0.0.1');
      return r.length ? r : null;
    });
    expect(rows.map((r) => r.details.refusals)).toEqual([1]);
    expect(await limitedRows(s, '127.0.0.2')).toEqual([]);
  });

  it('holds the rate of new sockets exactly', async () => {
    const { s, token } = await server({
      SOCKET_CONNECT_BURST_PER_ADDRESS: '3',
      SOCKET_CONNECTS_PER_ADDRESS_PER_MINUTE: '1',
    });
    for (let i = 0; i < 3; i++) {
      const x = socket(s.url, token);
      await connected(x);
      x.close();
    }
    expect(await refusal(socket(s.url, token))).toEqual({
      code: 'too_many_connections',
      message: expect.stringContaining('Wait a moment'),
      details: { reason: 'too_many_new', retryAfterSeconds: 60 },
    });
    await connected(socket(s.url, token, { from: '127.0.0.2' }));
  });

  it('behind a trusted proxy, counts each forwarded address', async () => {
    const { s, token } = await server({
      TRUST_PROXY: 'true',
      SOCKETS_OPEN_PER_ADDRESS: '2',
    });
    const via = (forwardedFor: string) =>
      socket(s.url, token, { forwardedFor });
    await connected(via('203.0.113.5'));
    await connected(via('203.0.113.5, 127.0.0.1'));
    expect((await refusal(via('203.0.113.5'))).code).toBe(
      'too_many_connections',
    );
    // Same loopback peer (the proxy), another client: not held by the first.
    await connected(via('203.0.113.6'));
    await connected(via('203.0.113.6'));
    const rows = await eventually(async () => {
      const r = await limitedRows(s, '203.0.113.5');
      return r.length ? r : null;
    });
    expect(rows).toHaveLength(1);
    expect(await limitedRows(s, '127.0.0.1')).toEqual([]);
  });
});
