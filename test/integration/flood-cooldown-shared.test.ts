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
 * The flood cooldown is the user's (signaling/socket-gate.ts floodKey), not
 * the session's: signing in again gives a new session and must not give a
 * flooder a fresh start. With REDIS_URL it lives in Redis, so a flooder
 * disconnected by one instance does not start afresh on another (real
 * redis-server, two instances on one PostgreSQL); without Redis each
 * instance keeps its own. The cooldown is shortened to COOLDOWN_S here.
 */
describe('the flood cooldown: per user, across instances', () => {
  jest.setTimeout(90_000);
  const COOLDOWN_S = 3;
  const servers: RunningServer[] = [];
  const open: Socket[] = [];
  afterAll(async () => {
    for (const s of open) s.close();
    for (const s of servers) await s.close();
  });

  const env = { SOCKET_FLOOD_COOLDOWN_SECONDS: String(COOLDOWN_S) };
  async function pair(redis: boolean) {
    const databaseUrl = await freshPostgresUrl();
    const a = await startTestServer({ databaseUrl, redis, env });
    const b = await startTestServer({
      databaseUrl,
      redis,
      env: { ...env, SEED_DEMO: 'false' },
    });
    servers.push(a, b);
    return { a, b };
  }

  const socketTo = (url: string, token: string) => {
    const s = connectSocket(url, token);
    open.push(s);
    return s;
  };

  /**
   * Floods from a fresh session on `a` until `a` cuts it; returns when the
   * flood began (the cut, and so the cooldown's start, is no earlier).
   */
  async function floodOn(a: RunningServer, email: string): Promise<number> {
    const { token } = await login(a.url, email);
    const sock = socketTo(a.url, token);
    await connected(sock);
    const gone = nextEvent<string>(sock, 'disconnect', 10_000);
    const began = Date.now();
    for (let i = 0; i < 2000; i++) sock.emit('no-such-event', { i });
    expect(await gone).toBe('io server disconnect');
    return began;
  }

  const refusal = async (sock: Socket) => (await refused(sock)).data?.code;

  it('refuses the cut user signed in again (a new session) until the cooldown ends; others connect', async () => {
    const a = await startTestServer({ env });
    servers.push(a);
    const floodBegan = await floodOn(a, 'psych.child@demo.test');
    const again = await login(a.url, 'psych.child@demo.test');
    expect(await refusal(socketTo(a.url, again.token))).toBe('flood_cooldown');
    // Someone else is not held by it.
    const other = await login(a.url, 'coordinator@demo.test');
    await connected(socketTo(a.url, other.token));
    // Refused until the cooldown is over (never early), then accepted.
    let accepted: number | null = null;
    while (accepted === null && Date.now() - floodBegan < COOLDOWN_S * 3000) {
      const s = socketTo(a.url, again.token);
      const ok = await connected(s).then(
        () => true,
        (e: Error & { data?: { code: string } }) => {
          expect(e.data?.code).toBe('flood_cooldown');
          return false;
        },
      );
      if (ok) accepted = Date.now();
    }
    expect(accepted).not.toBeNull();
    expect(accepted! - floodBegan).toBeGreaterThanOrEqual(COOLDOWN_S * 1000);
  });

  it.each([
    [true, 'refused on the other instance too, in a new session'],
    [false, 'refused only where it flooded'],
  ])('with Redis %s: %s', async (redis) => {
    const { a, b } = await pair(redis);
    await floodOn(a, 'psych.addiction@demo.test');
    const onA = await login(a.url, 'psych.addiction@demo.test');
    expect(await refusal(socketTo(a.url, onA.token))).toBe('flood_cooldown');
    const onB = await login(b.url, 'psych.addiction@demo.test');
    const sockB = socketTo(b.url, onB.token);
    if (redis) expect(await refusal(sockB)).toBe('flood_cooldown');
    else await connected(sockB);
  });
});
