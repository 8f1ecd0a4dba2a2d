/**
 * Queue latency: from "request accepted by the API" (the consult's createdAt,
 * server clock) to "offer event received by the psychiatrist's socket", at
 * 50 requests/s with 200 psychiatrists connected. Embedded mode (one process,
 * PGlite, in-process queue) and Redis mode (two instances, PostgreSQL, Redis).
 * Psychiatrists accept at once and the consult is completed, so they come back.
 * Baseline, measured in the same run: a bare server -> socket push.
 * Prints JSON. Usage: npm run bench:queue [-- --seconds 10 --rate 50 --psychiatrists 200]
 */
import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { signAccessToken } from '../../server/auth/access-token';
import type { RunningServer } from '../../server/main';
import { startPostgres } from '../support/postgres-server';
import { startRedis } from '../support/redis-server';
import { connectSocket, connected, nextEvent, request } from '../support/socket-client';
import { login } from '../support/test-server';
import { addPsychiatrists, consultBody, setQueueSettings, startQueueServer } from '../integration/queue-kit';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const SECONDS = arg('seconds', 10);
const RATE = arg('rate', 50);
const PSYCHIATRISTS = arg('psychiatrists', 200);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! * 100) / 100 : NaN;
};
const summary = (xs: number[]) => ({ n: xs.length, p50: pct(xs, 50), p95: pct(xs, 95), p99: pct(xs, 99), max: pct(xs, 100) });

/** Signs in without argon2 (200 logins would dominate the run): a session row and an access token. */
async function tokenFor(server: RunningServer, email: string): Promise<string> {
  const db = server.services.db;
  const { rows } = await db.query<{ id: string; role: string }>('SELECT id, role FROM users WHERE email = $1', [email]);
  const user = rows[0]!;
  const s = await db.query<{ id: string }>('INSERT INTO sessions (user_id) VALUES ($1) RETURNING id', [user.id]);
  return signAccessToken(server.services.auth.tokenSettings, { userId: user.id, sessionId: s.rows[0]!.id, role: user.role }).token;
}

async function baseline(server: RunningServer, token: string, userId: string): Promise<number[]> {
  const sock = connectSocket(server.url, token);
  await connected(sock);
  const out: number[] = [];
  for (let i = 0; i < 200; i++) {
    const got = nextEvent(sock, 'bench:ping');
    const t0 = performance.now();
    server.services.live.toUser(userId, 'bench:ping', { i });
    await got;
    out.push(performance.now() - t0);
  }
  sock.close();
  return out;
}

async function run(label: string, servers: RunningServer[]) {
  const [a] = servers as [RunningServer];
  await setQueueSettings(a, { offerTimeoutSeconds: 30, escalationSteps: [] });
  const emails = await addPsychiatrists(a, PSYCHIATRISTS, { specialties: ['adult'], tag: label });
  const fromCreated: number[] = [];
  const fromSubmit: number[] = [];
  const submitted = new Map<string, number>();
  const created = new Map<string, number>();
  const offersAt = new Map<string, number>();
  const record = (consultId: string) => {
    const s = submitted.get(consultId);
    const c = created.get(consultId);
    const o = offersAt.get(consultId);
    if (s === undefined || c === undefined || o === undefined) return;
    fromSubmit.push(o - s);
    fromCreated.push(o - c);
  };
  const sockets: Socket[] = [];
  await Promise.all(
    emails.map(async (email, i) => {
      const server = servers[i % servers.length]!;
      const sock = connectSocket(server.url, await tokenFor(a, email));
      sockets.push(sock);
      const ready = nextEvent(sock, 'queue:availability', 20_000);
      await connected(sock, 20_000);
      await ready;
      sock.on('queue:offer', (o: { offerId: string; consultId: string }) => {
        // Wall clock (ms), comparable with the server's createdAt on this machine.
        offersAt.set(o.consultId, Date.now() + (performance.now() % 1));
        record(o.consultId);
        void request(sock, 'queue:accept', { offerId: o.offerId }, 20_000).then(async (ack) => {
          if (!ack.ok) return;
          await server.services.consults.markInCall(o.consultId);
          await server.services.consults.complete(o.consultId);
        }).catch((err) => process.stderr.write(`consult ${o.consultId}: ${err.message}\n`));
      });
      await request(sock, 'queue:set-availability', { status: 'available' }, 20_000);
    }),
  );
  const pcp = await login(a.url, 'pcp@demo.test');
  const total = SECONDS * RATE;
  const started = Date.now();
  const posts: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const server = servers[i % servers.length]!;
    const t0 = Date.now();
    posts.push(
      fetch(`${server.url}/api/consults`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${pcp.token}` }, body: JSON.stringify(consultBody({ specialty: 'adult' })) })
        .then((r) => r.json() as Promise<{ consult: { id: string; createdAt: string } }>)
        .then((b) => {
          submitted.set(b.consult.id, t0);
          created.set(b.consult.id, Date.parse(b.consult.createdAt));
          record(b.consult.id);
        }),
    );
  }
  await Promise.all(posts);
  const deadline = Date.now() + 30_000;
  while (fromCreated.length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  process.stderr.write(`${label}: ${fromCreated.length}/${total} offered, p99 ${pct(fromCreated, 99)} ms\n`);
  const base = await baseline(a, await tokenFor(a, emails[0]!), (await a.services.db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [emails[0]])).rows[0]!.id);
  for (const s of sockets) s.close();
  const result = summary(fromCreated);
  const basePush = summary(base);
  return {
    mode: label,
    instances: servers.length,
    psychiatrists: PSYCHIATRISTS,
    requestsPerSecond: RATE,
    requests: total,
    offered: fromCreated.length,
    createdToOfferMs: result,
    submitToOfferMs: summary(fromSubmit),
    baselinePushMs: basePush,
    p99VsBaselinePush: Math.round((result.p99 / Math.max(basePush.p99, 0.01)) * 10) / 10,
    targetP99Ms: 50,
    meetsTarget: result.p99 < 50,
  };
}

async function main() {
  const pg = await startPostgres();
  const redis = await startRedis();
  process.env.TEST_POSTGRES_URL = pg.url;
  process.env.TEST_REDIS_URL = redis.url;
  const env = { LOG_LEVEL: 'silent', QUEUE_SWEEP_MS: '1000', QUEUE_PRESENCE_GRACE_MS: '20000' };
  const out: unknown[] = [];
  try {
    const embedded = await startQueueServer({ store: 'pglite', env });
    out.push(await run('embedded', [embedded]));
    await embedded.close();
    const { freshPostgresUrl } = await import('../support/databases');
    const databaseUrl = await freshPostgresUrl();
    const a = await startQueueServer({ databaseUrl, redis: true, env });
    const b = await startQueueServer({ databaseUrl, redis: true, env: { ...env, SEED_DEMO: 'false' } });
    out.push(await run('redis', [a, b]));
    await a.close();
    await b.close();
  } finally {
    pg.stop();
    await redis.stop();
  }
  process.stdout.write(JSON.stringify({ benchmark: 'queue', seconds: SECONDS, results: out }, null, 2) + '\n');
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
