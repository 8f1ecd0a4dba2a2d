import type { OfferEvent } from '../../signaling/protocol/queue-events';
import type { QueueBoard } from '../../signaling/protocol/rest/queue-board';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { RunningServer } from '../../server/main';
import { freshPostgresUrl } from '../support/databases';
import { freePort } from '../support/free-port';
import { startRedis, type RedisServer } from '../support/redis-server';
import { nextEvent, request } from '../support/socket-client';
import { api, login } from '../support/test-server';
import {
  addPsychiatrists,
  eventually,
  psychiatrist,
  requestConsult,
  setQueueSettings,
  startQueueServer,
  type Psych,
} from './queue-kit';
import { SYSTEM_ACTOR } from '../../server/consults/consult';

/** Completion needs a coded outcome; these consults are advice to the PCP. */
const ADVICE_ONLY = { disposition: 'advice_to_pcp', diagnosisCategories: [] };

const JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

async function pair(redisUrl?: string) {
  const databaseUrl = await freshPostgresUrl();
  const env = redisUrl ? { REDIS_URL: redisUrl } : {};
  const a = await startQueueServer({ databaseUrl, redis: true, env });
  const b = await startQueueServer({
    databaseUrl,
    redis: true,
    env: { ...env, SEED_DEMO: 'false' },
  });
  return { a, b };
}

describe('two instances sharing Redis and PostgreSQL', () => {
  jest.setTimeout(120_000);

  it('races hundreds of accepts: nothing assigned twice, nothing lost, no psychiatrist holds two offers', async () => {
    const { a, b } = await pair();
    const sockets: Psych[] = [];
    try {
      await setQueueSettings(a, {
        offerTimeoutSeconds: 10,
        awayAfterMissedOffer: false,
      });
      const emails = await addPsychiatrists(a, 30, { specialties: ['adult'] });
      const violations: string[] = [];
      let accepted = 0;
      let refused = 0;
      const completions: Promise<unknown>[] = [];
      for (const [i, email] of emails.entries()) {
        // Every psychiatrist has a socket on each instance, and both accept every offer at once.
        const onA = await psychiatrist(a.url, email, { available: false });
        const onB = await psychiatrist(b.url, email, {
          available: false,
          session: onA.session,
        });
        sockets.push(onA, onB);
        let live: string | null = null;
        const onOffer = (o: { offerId: string; consultId: string }) => {
          if (live === o.offerId) return; // the same offer seen on the other socket
          if (live)
            violations.push(`${email} got ${o.offerId} while holding ${live}`);
          live = o.offerId;
          void Promise.all([
            request(onA.socket, 'queue:accept', { offerId: o.offerId }, 15_000),
            request(onB.socket, 'queue:accept', { offerId: o.offerId }, 15_000),
          ]).then((acks) => {
            const ok = acks.filter((x) => x.ok);
            accepted += ok.length;
            refused += acks.length - ok.length;
            if (ok.length !== 1)
              violations.push(`${o.offerId}: ${ok.length} accepts succeeded`);
            live = null;
            if (ok.length) {
              const server = i % 2 ? a : b;
              completions.push(
                server.services.consults
                  .markInCall(o.consultId)
                  .then(() =>
                    server.services.consults.complete(
                      o.consultId,
                      SYSTEM_ACTOR,
                      ADVICE_ONLY,
                    ),
                  ),
              );
            }
          });
        };
        onA.socket.on('queue:offer', onOffer);
        onB.socket.on('queue:offer', onOffer);
        onA.socket.on(
          'queue:offer-withdrawn',
          (w: { offerId: string }) => live === w.offerId && (live = null),
        );
        await request(
          i % 2 ? onA.socket : onB.socket,
          'queue:set-availability',
          { status: 'available' },
        );
      }
      const pcp = await login(a.url, 'pcp@demo.test');
      const total = 200;
      const ids: string[] = [];
      for (let batch = 0; batch < total / 20; batch++) {
        const made = await Promise.all(
          Array.from({ length: 20 }, (_, j) =>
            requestConsult((batch + j) % 2 ? a.url : b.url, pcp.token, {
              specialty: 'adult',
            }),
          ),
        );
        ids.push(...made.map((m) => m.consult.id));
      }
      await eventually(
        async () => {
          const { rows } = await a.services.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM consults WHERE status = 'completed' AND id = ANY($1::uuid[])`,
            [ids],
          );
          return rows[0]!.n === total;
        },
        90_000,
        'every request completed',
      );
      await Promise.all(completions);
      const { rows } = await a.services.db.query<{
        id: string;
        accepts: number;
      }>(
        `SELECT c.id, (SELECT count(*)::int FROM consult_offers o WHERE o.consult_id = c.id AND o.outcome = 'accepted') AS accepts FROM consults c WHERE c.id = ANY($1::uuid[])`,
        [ids],
      );
      expect(rows).toHaveLength(total);
      expect(rows.filter((r) => r.accepts !== 1)).toEqual([]);
      expect(violations).toEqual([]);
      expect(accepted).toBe(total);
      expect(refused).toBe(total);
      const transitions = await a.services.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM consult_transitions WHERE to_status = 'accepted' AND consult_id = ANY($1::uuid[])`,
        [ids],
      );
      expect(transitions.rows[0]!.n).toBe(total);
    } finally {
      for (const s of sockets) s.close();
      await a.close();
      await b.close();
    }
  });

  it('Redis flushed, then restarted: the live queue is rebuilt from PostgreSQL, nothing lost or duplicated', async () => {
    const redis: RedisServer = await startRedis();
    let restarted: RedisServer | null = null;
    const { a, b } = await pair(redis.url);
    const open: Psych[] = [];
    try {
      await setQueueSettings(a, { offerTimeoutSeconds: 20 });
      const pcp = await login(a.url, 'pcp@demo.test');
      const coord = await login(b.url, 'coordinator@demo.test');
      const child = await psychiatrist(a.url, 'psych.child@demo.test');
      open.push(child);
      const ringing = nextEvent(child.socket, 'queue:offer');
      const first = await requestConsult(a.url, pcp.token, {
        specialty: 'child_adolescent',
      });
      const offer = await ringing;
      const waiting = [
        await requestConsult(b.url, pcp.token, { specialty: 'perinatal' }),
        await requestConsult(a.url, pcp.token, { specialty: 'addiction' }),
      ];
      const before = (
        await api<QueueBoard>(b.url, 'GET', '/api/queue', {
          token: coord.token,
        })
      ).body;
      expect(before.requests).toHaveLength(3);

      const client = (
        a.services.queue.store as unknown as {
          redis: { flushAll(): Promise<unknown> };
        }
      ).redis;
      await client.flushAll();
      await eventually(
        () => a.services.queue.store.isIntact(),
        5000,
        'store rebuilt',
      );
      const after = (
        await api<QueueBoard>(b.url, 'GET', '/api/queue', {
          token: coord.token,
        })
      ).body;
      expect(after.requests.map((r) => [r.consultId, r.status])).toEqual(
        before.requests.map((r) => [r.consultId, r.status]),
      );
      expect(after.requests[0]?.offer?.offerId).toBe(offer.offerId);
      // The ringing offer survived: it can still be accepted, once.
      expect(
        await request(child.socket, 'queue:accept', { offerId: offer.offerId }),
      ).toMatchObject({ ok: true, data: { consultId: first.consult.id } });

      // Now a full restart: connections, scripts and data all gone.
      await redis.stop();
      restarted = await startRedis(redis.port);
      await eventually(
        async () =>
          (await a.services.queue.store.isIntact().catch(() => false)) &&
          (await b.services.queue.store.isIntact().catch(() => false)),
        15_000,
        'store rebuilt after restart',
      );
      const peri = await psychiatrist(b.url, 'psych.perinatal@demo.test');
      const addiction = await psychiatrist(a.url, 'psych.addiction@demo.test');
      open.push(peri, addiction);
      const pOffer =
        peri.offers[0] ??
        (await nextEvent<OfferEvent>(peri.socket, 'queue:offer', 10_000));
      const aOffer =
        addiction.offers[0] ??
        (await nextEvent<OfferEvent>(addiction.socket, 'queue:offer', 10_000));
      expect([pOffer.consultId, aOffer.consultId].sort()).toEqual(
        waiting.map((w) => w.consult.id).sort(),
      );
      expect(
        (
          await request(peri.socket, 'queue:accept', {
            offerId: pOffer.offerId,
          })
        ).ok,
      ).toBe(true);
      expect(
        (
          await request(addiction.socket, 'queue:accept', {
            offerId: aOffer.offerId,
          })
        ).ok,
      ).toBe(true);
      const { rows } = await a.services.db.query<{
        consultId: string;
        n: number;
      }>(
        `SELECT consult_id AS "consultId", count(*)::int AS n FROM consult_offers WHERE outcome = 'accepted' GROUP BY consult_id`,
      );
      expect(rows).toHaveLength(3);
      expect(rows.every((r) => r.n === 1)).toBe(true);
    } finally {
      for (const s of open) s.close();
      await a.close();
      await b.close();
      await (restarted ?? redis).stop();
    }
  });

  it('an instance shutting down closes only its own sockets, and deployments sharing a Redis do not hear each other', async () => {
    const databaseUrl = await freshPostgresUrl();
    const a = await startQueueServer({ databaseUrl, redis: true });
    const b = await startQueueServer({
      databaseUrl,
      redis: true,
      env: { SEED_DEMO: 'false' },
    });
    // Another deployment on the same Redis (its own database).
    const other = await startQueueServer({ redis: true });
    const p = await psychiatrist(b.url, 'psych.child@demo.test');
    const elsewhere = await psychiatrist(other.url, 'psych.child@demo.test');
    try {
      let drops = 0;
      p.socket.on('disconnect', () => drops++);
      elsewhere.socket.on('disconnect', () => drops++);
      await a.close();
      await other.close();
      await new Promise((r) => setTimeout(r, 1000));
      expect(drops).toBe(1); // only `elsewhere`, whose own server closed
      expect(p.socket.connected).toBe(true);
      expect(
        (await request(p.socket, 'queue:set-availability', { status: 'away' }))
          .ok,
      ).toBe(true);
    } finally {
      p.close();
      elsewhere.close();
      await b.close();
    }
  });

  it('an instance killed with SIGKILL: the other re-offers its offers in flight within the offer timeout', async () => {
    const databaseUrl = await freshPostgresUrl();
    const port = await freePort();
    const root = path.resolve(__dirname, '../..');
    const child: ChildProcess = spawn(
      process.execPath,
      ['-r', 'tsx/cjs', 'server/main.ts'],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'test',
          HOST: '127.0.0.1',
          PORT: String(port),
          DATABASE_URL: databaseUrl,
          REDIS_URL: process.env.TEST_REDIS_URL,
          JWT_SECRET,
          SEED_DEMO: 'true',
          LOG_LEVEL: 'silent',
          QUEUE_SWEEP_MS: '100',
          QUEUE_PRESENCE_GRACE_MS: '400',
        },
        stdio: 'ignore',
      },
    );
    const aUrl = `http://127.0.0.1:${port}`;
    let b: RunningServer | null = null;
    const open: Psych[] = [];
    try {
      await eventually(
        async () =>
          (await fetch(`${aUrl}/readyz`).catch(() => null))?.status === 200,
        60_000,
        'child instance ready',
      );
      // B sweeps less often, so the first offer is normally made (and timed) by A.
      b = await startQueueServer({
        databaseUrl,
        redis: true,
        env: { SEED_DEMO: 'false', QUEUE_SWEEP_MS: '300' },
      });
      await setQueueSettings(b, {
        offerTimeoutSeconds: 3,
        awayAfterMissedOffer: false,
      });
      await new Promise((r) => setTimeout(r, 2100)); // A's settings cache (2 s) sees the new timeout
      const first = await psychiatrist(b.url, 'psych.child@demo.test');
      const second = await psychiatrist(b.url, 'psych.perinatal@demo.test');
      open.push(first, second);
      const pcp = await login(aUrl, 'pcp@demo.test');
      const ringing = nextEvent(first.socket, 'queue:offer');
      const c = await requestConsult(aUrl, pcp.token, { specialty: 'adult' });
      const offer = await ringing;
      expect(offer.consultId).toBe(c.consult.id);
      child.kill('SIGKILL');
      const reoffer = await nextEvent(second.socket, 'queue:offer', 10_000);
      const at = Date.now();
      expect(reoffer.consultId).toBe(c.consult.id);
      expect(at).toBeLessThanOrEqual(Date.parse(offer.expiresAt) + 1000);
      expect(
        (
          await request(second.socket, 'queue:accept', {
            offerId: reoffer.offerId,
          })
        ).ok,
      ).toBe(true);
    } finally {
      for (const s of open) s.close();
      if (child.exitCode === null) child.kill('SIGKILL');
      if (b) await b.close();
    }
  });
});
