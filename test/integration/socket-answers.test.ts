import type { Socket } from 'socket.io-client';
import type { RunningServer } from '../../server/main';
import { SOCKET_RATE_LIMIT } from '../../signaling/protocol/envelope';
import {
  connectSocket,
  connected,
  nextEvent,
  refused,
  request,
} from '../support/socket-client';
import { eventually } from '../support/eventually';
import { login, startTestServer } from '../support/test-server';

/**
 * Every request is answered (signaling/EVENTS.md), also for events the
 * socket's role lacks; and a flooder is warned, not answered per dropped
 * message, then disconnected.
 */
describe('socket requests are answered; floods end in a disconnect', () => {
  let server: RunningServer;
  const open: Socket[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await server.close();
  });

  async function socketFor(email: string) {
    const s = await login(server.url, email);
    const sock = connectSocket(server.url, s.token);
    open.push(sock);
    await connected(sock);
    return sock;
  }

  it.each([
    ['pcp@demo.test', 'queue:accept', { offerId: crypto.randomUUID() }],
    ['pcp@demo.test', 'queue:board', {}],
    ['psych.child@demo.test', 'queue:board', {}],
    ['biller@demo.test', 'queue:decline', { offerId: crypto.randomUUID() }],
    ['pcp@demo.test', 'media:ms:join', { callId: crypto.randomUUID() }],
  ])(
    '%s sending %s gets event_not_allowed at once',
    async (email, event, payload) => {
      const sock = await socketFor(email);
      const started = Date.now();
      const reply = await request(sock, event, payload, 2000);
      expect(reply).toMatchObject({
        ok: false,
        error: { code: 'event_not_allowed', message: expect.any(String) },
      });
      expect(Date.now() - started).toBeLessThan(1500);
      sock.close();
    },
  );

  it('answers an event outside the protocol with unknown_event', async () => {
    const sock = await socketFor('coordinator@demo.test');
    const reply = await request(sock, 'no-such:event', {}, 2000);
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'unknown_event' },
    });
    // A served event still works on the same socket.
    expect(await request(sock, 'queue:board', {}, 2000)).toMatchObject({
      ok: true,
    });
    sock.close();
  });

  it('warns a flooder once a second instead of per message, then disconnects it', async () => {
    // Twice the budget: over it, but never maxDropsPerWarning in a second.
    const s = await login(server.url, 'pcp2@demo.test');
    const sock = connectSocket(server.url, s.token);
    open.push(sock);
    await connected(sock);
    let replies = 0;
    let rateLimited = 0;
    sock.on('app:error', (e: { code: string }) => {
      replies++;
      if (e.code === 'rate_limited') rateLimited++;
    });
    const ended = nextEvent<{ code: string }>(
      sock,
      'app:error',
      15_000,
      (e) => e.code === 'flood_disconnected',
    );
    const gone = nextEvent<string>(sock, 'disconnect', 15_000);
    // 10 messages every 100 ms (100/s), bounded at 15 s.
    let sent = 0;
    const flood = setInterval(() => {
      if (!sock.connected || sent >= 1500) return clearInterval(flood);
      for (let i = 0; i < 10; i++) sock.emit('no-such-event', { i });
      sent += 10;
    }, 100);
    await ended;
    expect(await gone).toBe('io server disconnect');
    clearInterval(flood);
    const dropped = sent - SOCKET_RATE_LIMIT.burst;
    expect(dropped).toBeGreaterThan(100);
    expect(rateLimited).toBe(SOCKET_RATE_LIMIT.maxWarnings);
    expect(replies).toBe(SOCKET_RATE_LIMIT.maxWarnings + 1);
    // The audit row is written beside the disconnect, not before it.
    const count = await eventually(
      async () =>
        (
          await server.services.db.query(
            `SELECT 1 FROM audit_log WHERE action = 'socket.flood_disconnected'`,
          )
        ).rows.length,
      5000,
      'the flood_disconnected audit row',
    );
    expect(count).toBe(1);
    // Reconnecting with the same session is refused for a while.
    const again = connectSocket(server.url, s.token);
    open.push(again);
    const err = await refused(again);
    expect(err.data?.code).toBe('flood_cooldown');
  });

  it('answers the first request dropped over budget on its own ack', async () => {
    const sock = await socketFor('coordinator@demo.test');
    // The burst's worth of plain events, then a request: over budget, and
    // the first drop of the period, so it is the one warned.
    for (let i = 0; i < SOCKET_RATE_LIMIT.burst; i++)
      sock.emit('no-such-event', { i });
    expect(await request(sock, 'queue:board', {}, 2000)).toMatchObject({
      ok: false,
      error: { code: 'rate_limited' },
    });
    expect(sock.connected).toBe(true);
    sock.close();
  });

  it('disconnects a heavy flooder after its first warning', async () => {
    const sock = await socketFor('psych.addiction@demo.test');
    let rateLimited = 0;
    sock.on('app:error', (e: { code: string }) => {
      if (e.code === 'rate_limited') rateLimited++;
    });
    const gone = nextEvent<string>(sock, 'disconnect', 10_000);
    // 2,000 at once: far more than maxDropsPerWarning over the budget.
    for (let i = 0; i < 2000; i++) sock.emit('no-such-event', { i });
    expect(await gone).toBe('io server disconnect');
    expect(rateLimited).toBeLessThanOrEqual(1);
  });

  it('keeps a socket that stays inside its budget', async () => {
    const sock = await socketFor('coordinator@demo.test');
    for (let round = 0; round < 3; round++) {
      const replies = await Promise.all(
        Array.from({ length: 20 }, () => request(sock, 'queue:board', {})),
      );
      expect(replies.every((r) => r.ok)).toBe(true);
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(sock.connected).toBe(true);
    sock.close();
  });
});
