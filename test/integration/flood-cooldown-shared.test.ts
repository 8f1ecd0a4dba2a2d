import type { Socket } from 'socket.io-client';
import type { RunningServer } from '../../server/main';
import { freshPostgresUrl } from '../support/databases';
import {
  connectSocket,
  connected,
  nextEvent,
  refused,
} from '../support/socket-client';
import { login, startTestServer } from '../support/test-server';

/**
 * A flooder disconnected by one instance must not start afresh on another:
 * with REDIS_URL the flood cooldown lives in Redis (real redis-server, two
 * instances on one PostgreSQL). Without Redis each instance keeps its own.
 */
describe('the flood cooldown across instances', () => {
  jest.setTimeout(90_000);
  const servers: RunningServer[] = [];
  const open: Socket[] = [];
  afterAll(async () => {
    for (const s of open) s.close();
    for (const s of servers) await s.close();
  });

  async function pair(redis: boolean) {
    const databaseUrl = await freshPostgresUrl();
    const a = await startTestServer({ databaseUrl, redis });
    const b = await startTestServer({
      databaseUrl,
      redis,
      env: { SEED_DEMO: 'false' },
    });
    servers.push(a, b);
    return { a, b };
  }

  /** Floods from a session on `a` until `a` disconnects it; the session's token. */
  async function floodOn(a: RunningServer, email: string): Promise<string> {
    const { token } = await login(a.url, email);
    const sock = connectSocket(a.url, token);
    open.push(sock);
    await connected(sock);
    const gone = nextEvent<string>(sock, 'disconnect', 10_000);
    for (let i = 0; i < 2000; i++) sock.emit('no-such-event', { i });
    expect(await gone).toBe('io server disconnect');
    return token;
  }

  it.each([
    [true, 'refused on the other instance too'],
    [false, 'refused only where it flooded'],
  ])('with Redis %s: %s', async (redis) => {
    const { a, b } = await pair(redis);
    const token = await floodOn(a, 'psych.addiction@demo.test');
    const onA = connectSocket(a.url, token);
    open.push(onA);
    expect((await refused(onA)).data?.code).toBe('flood_cooldown');
    const onB = connectSocket(b.url, token);
    open.push(onB);
    if (redis) expect((await refused(onB)).data?.code).toBe('flood_cooldown');
    else await connected(onB);
  });
});
