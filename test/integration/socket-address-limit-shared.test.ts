import { io, type Socket } from 'socket.io-client';
import type { RunningServer } from '../../server/main';
import { freshPostgresUrl } from '../support/databases';
import { eventually } from '../support/eventually';
import { connected, refused } from '../support/socket-client';
import { login, startTestServer } from '../support/test-server';

/**
 * With REDIS_URL the per-address socket limits
 * (signaling/shared-address-limits.ts) are one count and one bucket for
 * every instance: two instances on one PostgreSQL and a real redis-server,
 * real socket.io clients from 127.0.0.1 (and 127.0.0.2 as someone else).
 */
describe('per-address socket limits shared through Redis', () => {
  jest.setTimeout(60_000);
  const servers: RunningServer[] = [];
  const open: Socket[] = [];
  afterAll(async () => {
    for (const s of open) s.close();
    for (const s of servers) await s.close();
  });

  async function pair(env: Record<string, string>) {
    const databaseUrl = await freshPostgresUrl();
    const a = await startTestServer({ databaseUrl, redis: true, env });
    const b = await startTestServer({
      databaseUrl,
      redis: true,
      env: { ...env, SEED_DEMO: 'false' },
    });
    servers.push(a, b);
    const { token } = await login(a.url, 'coordinator@demo.test');
    return { a, b, token };
  }

  function socket(url: string, token: string, from = '127.0.0.1'): Socket {
    // localAddress reaches the WebSocket (engine.io-client passes it on).
    const sock = io(url, {
      transports: ['websocket'],
      auth: { token },
      reconnection: false,
      forceNew: true,
      localAddress: from,
    } as Parameters<typeof io>[1]);
    open.push(sock);
    return sock;
  }

  const reason = async (sock: Socket) => {
    const err = await refused(sock);
    const data = err.data as { code: string; details: { reason: string } };
    return `${data.code}/${data.details.reason}`;
  };

  it('counts open sockets over both instances; a close on one frees a place on the other', async () => {
    const { a, b, token } = await pair({
      SOCKETS_OPEN_PER_ADDRESS: '4',
      SOCKET_CONNECT_BURST_PER_ADDRESS: '50',
    });
    const onA = [socket(a.url, token), socket(a.url, token)];
    const onB = [socket(b.url, token), socket(b.url, token)];
    await Promise.all([...onA, ...onB].map((s) => connected(s)));
    // Each instance holds 2, under 4 alone: refused because of the other's.
    expect(await reason(socket(a.url, token))).toBe(
      'too_many_connections/too_many_open',
    );
    expect(await reason(socket(b.url, token))).toBe(
      'too_many_connections/too_many_open',
    );
    // Someone at another address is not held by it.
    await connected(socket(b.url, token, '127.0.0.2'));
    // One closed on A frees exactly one place, taken on B.
    onA[0]!.close();
    const again = await eventually(async () => {
      const x = socket(b.url, token);
      return connected(x).then(
        () => x,
        () => null,
      );
    });
    expect(again.connected).toBe(true);
    expect(await reason(socket(a.url, token))).toBe(
      'too_many_connections/too_many_open',
    );
  });

  it('draws new sockets from one bucket over both instances', async () => {
    const { a, b, token } = await pair({
      SOCKET_CONNECT_BURST_PER_ADDRESS: '3',
      SOCKET_CONNECTS_PER_ADDRESS_PER_MINUTE: '1',
    });
    for (const url of [a.url, a.url, b.url]) {
      const x = socket(url, token);
      await connected(x);
      x.close();
    }
    expect(await reason(socket(b.url, token))).toBe(
      'too_many_connections/too_many_new',
    );
    expect(await reason(socket(a.url, token))).toBe(
      'too_many_connections/too_many_new',
    );
    await connected(socket(a.url, token, '127.0.0.2'));
  });
});
