/**
 * Queue latency: from "request accepted by the API" (the consult's createdAt,
 * server clock) to "offer event received by the psychiatrist's socket", at
 * 50 requests/s with 200 psychiatrists connected. Embedded mode (one server,
 * PGlite, in-process queue) and Redis mode (two instances, PostgreSQL, Redis).
 * Each server runs in its own process (test/bench/queue-instance.ts), as in
 * production; this process is only the load: the sockets and the PCP's posts.
 * Psychiatrists accept at once and the consult is completed, so they come back.
 * Baseline, measured in the same run: a bare server -> socket push.
 * Embedded mode then times a signaling round trip while the server
 * recomputes a busy billing month, against the same idle
 * (queue-recompute-rtt.ts). `--engine main` runs embedded PGlite on the
 * server's main thread instead of its own (EMBEDDED_ENGINE), to compare.
 * Servers run with NODE_ENV=production (BENCH_NODE_ENV overrides, e.g.
 * `test` to include the reply-contract check). Prints JSON, with statements
 * and CPU per consult (the engine thread's too). PGLITE_STATEMENT_PROFILE=1
 * adds the engine's CPU per statement text; PGLITE_UNPREPARED=1 runs every
 * statement through PGlite's own query instead of prepared (to compare). Usage: npm run bench:queue [-- --seconds 10 --warmup 3 --rate 50 --psychiatrists 200 --mode embedded|redis --engine thread|main --month-consults 300 --recompute-seconds 10]
 */
import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { type ChildProcess, fork } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { startPostgres } from '../support/postgres-server';
import { startRedis } from '../support/redis-server';
import {
  connectSocket,
  connected,
  nextEvent,
  request,
} from '../support/socket-client';
import { freshPostgresUrl } from '../support/databases';
import { login } from '../support/test-server';
import { consultBody } from '../integration/queue-kit';
import type {
  InstanceCommand,
  InstanceOptions,
  InstanceReply,
} from './queue-instance';
import { postmasterPid, ProcessTreeCpu } from './process-cpu';
import { recomputeRtt } from './queue-recompute-rtt';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const SECONDS = arg('seconds', 10);
/** Load at the same rate before the measured window, reported apart: connection pools fill, the JIT warms up. */
const WARMUP_SECONDS = arg('warmup', 3);
const RATE = arg('rate', 50);
const PSYCHIATRISTS = arg('psychiatrists', 200);
const MONTH_CONSULTS = arg('month-consults', 300);
/**
 * How long the month is recomputed while the round trip is probed (~40
 * probes a second). At 4 s the p99 of ~150 probes was their second
 * longest: one scheduler hiccup decided it.
 */
const RECOMPUTE_SECONDS = arg('recompute-seconds', 10);
const engineIndex = process.argv.indexOf('--engine');
const ENGINE = engineIndex > 0 ? process.argv[engineIndex + 1]! : 'thread';
const modeIndex = process.argv.indexOf('--mode');
/** `--mode embedded` or `--mode redis` runs one of the two. */
const MODES =
  modeIndex > 0 ? [process.argv[modeIndex + 1]] : ['embedded', 'redis'];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length
    ? Math.round(
        s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! * 100,
      ) / 100
    : NaN;
};
const summary = (xs: number[]) => ({
  n: xs.length,
  p50: pct(xs, 50),
  p95: pct(xs, 95),
  p99: pct(xs, 99),
  max: pct(xs, 100),
});

interface Instance {
  url: string;
  send(m: InstanceCommand): void;
  next<T extends InstanceReply['type']>(
    type: T,
  ): Promise<Extract<InstanceReply, { type: T }>>;
  on(listener: (m: InstanceReply) => void): void;
  close(): Promise<void>;
}

/** Every instance started, so a failed run does not leave servers behind. */
const children = new Set<ChildProcess>();

async function startInstance(o: InstanceOptions): Promise<Instance> {
  // BENCH_CPU_PROF=dir writes each instance's CPU profile there.
  const execArgv = process.env.BENCH_CPU_PROF
    ? [
        ...process.execArgv,
        '--cpu-prof',
        `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`,
      ]
    : process.execArgv;
  const child = fork(path.join(__dirname, 'queue-instance.ts'), [], {
    execArgv,
    env: { ...process.env, BENCH_INSTANCE: JSON.stringify(o) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const next = <T extends InstanceReply['type']>(type: T) =>
    new Promise<Extract<InstanceReply, { type: T }>>((resolve, reject) => {
      const onMessage = (m: InstanceReply) => {
        if (m.type !== type) return;
        child.off('message', onMessage);
        resolve(m as Extract<InstanceReply, { type: T }>);
      };
      child.on('message', onMessage);
      child.once('exit', (code) =>
        reject(new Error(`bench instance exited with ${code}`)),
      );
    });
  const { url } = await next('ready');
  return {
    url,
    send: (m) => child.send(m),
    next,
    on: (l) => child.on('message', l),
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send({ type: 'close' });
      }),
  };
}

/**
 * POSTs JSON over keep-alive connections. Plain node:http rather than fetch:
 * the load generator shares the two cores with the servers, and fetch cost it
 * a quarter of its CPU.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function postJson<T>(url: string, token: string, body: unknown): Promise<T> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as T);
          } catch (err) {
            reject(err);
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      // The server closed an idle keep-alive connection as we reused it:
      // the request never reached it, so send it again (Node's advice).
      if (req.reusedSocket && err.code === 'ECONNRESET')
        postJson<T>(url, token, body).then(resolve, reject);
      else reject(err);
    });
    req.end(payload);
  });
}

async function statsOf(instances: Instance[]) {
  return Promise.all(
    instances.map(async (i) => {
      const reply = i.next('stats');
      i.send({ type: 'stats' });
      const { eventLoopDelayMs, cpuMs, mainThreadCpuMs, statements, engine } =
        await reply;
      return { eventLoopDelayMs, cpuMs, mainThreadCpuMs, statements, engine };
    }),
  );
}

/** Pushes from `from` to a socket connected to `to` (the same instance, or the other one through Redis). */
async function baseline(
  from: Instance,
  to: Instance,
  token: string,
  userId: string,
): Promise<number[]> {
  const sock = connectSocket(to.url, token);
  await connected(sock);
  const out: number[] = [];
  for (let i = 0; i < 200; i++) {
    const got = nextEvent(sock, 'app:error');
    const t0 = performance.now();
    from.send({ type: 'ping', userId, i });
    await got;
    out.push(performance.now() - t0);
  }
  sock.close();
  return out;
}

/** The non-Node servers sharing the cores: their CPU over the load tells where the rest went. */
interface Backing {
  postgresPid: number | null;
  redisPid: number | null;
}
async function run(label: string, instances: Instance[], backing: Backing) {
  const [a] = instances as [Instance];
  a.send({ type: 'setup', psychiatrists: PSYCHIATRISTS, tag: label });
  const { psychiatrists } = await a.next('setup');
  const fromCreated: number[] = [];
  const fromSubmit: number[] = [];
  const warmupFromCreated: number[] = [];
  /** Consults posted during the warm-up. */
  const warming = new Set<string>();
  const submitted = new Map<string, number>();
  const created = new Map<string, number>();
  const offersAt = new Map<string, number>();
  const record = (consultId: string) => {
    const s = submitted.get(consultId);
    const c = created.get(consultId);
    const o = offersAt.get(consultId);
    if (s === undefined || c === undefined || o === undefined) return;
    if (warming.has(consultId)) {
      warmupFromCreated.push(o - c);
      return;
    }
    fromSubmit.push(o - s);
    fromCreated.push(o - c);
  };
  let finishErrors = 0;
  /** POSTs that failed (a connection reset by a server stalled for seconds): reported, not fatal. */
  let postErrors = 0;
  const failedPost = (err: Error) => {
    postErrors++;
    process.stderr.write(`POST /api/consults: ${err.message}\n`);
  };
  for (const i of instances)
    i.on((m) => m.type === 'finished' && m.error && finishErrors++);
  const sockets: Socket[] = [];
  await Promise.all(
    psychiatrists.map(async (p, i) => {
      const instance = instances[i % instances.length]!;
      const sock = connectSocket(instance.url, p.token);
      sockets.push(sock);
      const ready = nextEvent(sock, 'queue:availability', 20_000);
      await connected(sock, 20_000);
      await ready;
      sock.on('queue:offer', (o: { offerId: string; consultId: string }) => {
        // Wall clock (ms), comparable with the server's createdAt on this machine.
        offersAt.set(o.consultId, Date.now() + (performance.now() % 1));
        record(o.consultId);
        void request(sock, 'queue:accept', { offerId: o.offerId }, 20_000)
          .then((ack) => {
            if (ack.ok)
              instance.send({ type: 'finish', consultId: o.consultId });
          })
          .catch((err) =>
            process.stderr.write(`consult ${o.consultId}: ${err.message}\n`),
          );
      });
      await request(
        sock,
        'queue:set-availability',
        { status: 'available' },
        20_000,
      );
    }),
  );
  const pcp = await login(a.url, 'pcp@demo.test');
  /** Posts `count` requests at RATE, round-robin over the instances. */
  const drive = async (count: number, warmup: boolean) => {
    const started = Date.now();
    const posts: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      const due = started + (i * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const instance = instances[i % instances.length]!;
      const t0 = Date.now();
      posts.push(
        postJson<{ consult: { id: string; createdAt: string } }>(
          `${instance.url}/api/consults`,
          pcp.token,
          consultBody({ specialty: 'adult' }),
        ).then((b) => {
          if (warmup) warming.add(b.consult.id);
          submitted.set(b.consult.id, t0);
          created.set(b.consult.id, Date.parse(b.consult.createdAt));
          record(b.consult.id);
        }, failedPost),
      );
    }
    await Promise.all(posts);
  };
  const warmupCount = WARMUP_SECONDS * RATE;
  await drive(warmupCount, true);
  await statsOf(instances);
  // This process (the 200 sockets and the posts) shares the 2 cores with the servers: report what it used.
  const loadCpu = process.cpuUsage();
  const postgresCpu = backing.postgresPid
    ? new ProcessTreeCpu(backing.postgresPid)
    : null;
  const redisCpu = backing.redisPid
    ? new ProcessTreeCpu(backing.redisPid)
    : null;
  const total = SECONDS * RATE;
  await drive(total, false);
  const deadline = Date.now() + 30_000;
  while (fromCreated.length < total - postErrors && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  const load = await statsOf(instances);
  const loadUsed = process.cpuUsage(loadCpu);
  const backingUsed = {
    postgres: postgresCpu?.stop() ?? null,
    redis: redisCpu?.stop() ?? null,
  };
  process.stderr.write(
    `${label}: ${fromCreated.length}/${total} offered, p99 ${pct(fromCreated, 99)} ms\n`,
  );
  const base = await baseline(
    a,
    a,
    psychiatrists[0]!.token,
    psychiatrists[0]!.userId,
  );
  // With two instances, half the offers reach a socket on the other one, through the Redis streams adapter.
  const cross =
    instances.length > 1
      ? summary(
          await baseline(
            a,
            instances[1]!,
            psychiatrists[1]!.token,
            psychiatrists[1]!.userId,
          ),
        )
      : undefined;
  for (const s of sockets) s.close();
  const result = summary(fromCreated);
  const basePush = summary(base);
  /** Over the measured window, each consult's whole round: submitted, offered, accepted, in call, completed. */
  const perConsult = (n: number) =>
    Math.round((n / Math.max(1, fromCreated.length)) * 10) / 10;
  const sum = (f: (l: (typeof load)[number]) => number) =>
    load.reduce((n, l) => n + f(l), 0);
  const offered = Math.max(1, fromCreated.length);
  const engineCpu = load.every((l) => l.engine?.engineCpuMs != null)
    ? sum((l) => l.engine!.engineCpuMs!)
    : null;
  const engineStatements = load.flatMap((l) => l.engine?.statements ?? []);
  const longest = load
    .flatMap((l) => l.engine?.longest ?? [])
    .sort((x, y) => y.ms - x.ms);
  const mainCpu = load.every((l) => l.mainThreadCpuMs !== null)
    ? sum((l) => l.mainThreadCpuMs!)
    : null;
  return {
    mode: label,
    instances: instances.length,
    psychiatrists: PSYCHIATRISTS,
    requestsPerSecond: RATE,
    requests: total,
    offered: fromCreated.length,
    completionErrors: finishErrors,
    postErrors,
    warmup: {
      seconds: WARMUP_SECONDS,
      requests: warmupCount,
      createdToOfferMs: summary(warmupFromCreated),
    },
    createdToOfferMs: result,
    submitToOfferMs: summary(fromSubmit),
    baselinePushMs: basePush,
    ...(cross ? { baselineCrossInstancePushMs: cross } : {}),
    /** Per instance, over the load: how late its event loop ran and the CPU it used. */
    instanceLoad: load.map(({ engine: _, ...l }) => l),
    perConsult: {
      statements: perConsult(sum((l) => l.statements)),
      serverCpuMs: perConsult(sum((l) => l.cpuMs)),
      mainThreadCpuMs: mainCpu === null ? null : perConsult(mainCpu),
      /** The engine thread's, GC's and libuv's: everything but the main thread. */
      otherThreadsCpuMs:
        mainCpu === null ? null : perConsult(sum((l) => l.cpuMs) - mainCpu),
      /** The embedded engine's own thread (null on PostgreSQL or without /proc). */
      engineThreadCpuMs: engineCpu === null ? null : perConsult(engineCpu),
    },
    /** The engine's longest statement runs in the window: a stall there holds up everything queued behind it. */
    ...(longest.length ? { engineLongestRunsMs: longest } : {}),
    /** PGLITE_STATEMENT_PROFILE=1: the engine's costliest statements, per consult. */
    ...(engineStatements.length
      ? {
          engineStatementsPerConsult: engineStatements
            .slice(0, 12)
            .map((c) => ({
              sql: c.sql,
              count: perConsult(c.count),
              cpuMs: Math.round((c.cpuMs / offered) * 100) / 100,
            })),
        }
      : {}),
    loadGeneratorCpuMs: Math.round((loadUsed.user + loadUsed.system) / 1000),
    /** PostgreSQL and redis-server over the same window (null where not used or /proc is missing). */
    postgresCpuMs: backingUsed.postgres,
    redisCpuMs: backingUsed.redis,
    p99VsBaselinePush:
      Math.round((result.p99 / Math.max(basePush.p99, 0.01)) * 10) / 10,
    targetP99Ms: 50,
    meetsTarget: result.p99 < 50,
  };
}

async function main() {
  const pg = await startPostgres();
  const redis = await startRedis();
  process.env.TEST_POSTGRES_URL = pg.url;
  process.env.TEST_REDIS_URL = redis.url;
  const env = {
    // As deployed: NODE_ENV=test (the test server's default) would check
    // every JSON reply against its route's schema.
    NODE_ENV: process.env.BENCH_NODE_ENV ?? 'production',
    LOG_LEVEL: 'silent',
    QUEUE_SWEEP_MS: '1000',
    QUEUE_PRESENCE_GRACE_MS: '20000',
    // Every simulated user connects from this one loopback address.
    SOCKETS_OPEN_PER_ADDRESS: '100000',
    SOCKET_CONNECT_BURST_PER_ADDRESS: '100000',
  };
  const out: unknown[] = [];
  try {
    if (MODES.includes('embedded')) {
      const embedded = await startInstance({
        store: 'pglite',
        env: { ...env, EMBEDDED_ENGINE: ENGINE },
      });
      const result = await run('embedded', [embedded], {
        postgresPid: null,
        redisPid: null,
      });
      const pcp = await login(embedded.url, 'pcp@demo.test');
      const loopP99 = result.instanceLoad[0]!.eventLoopDelayMs.p99;
      out.push({
        ...result,
        engine: ENGINE,
        /** Issue #24's targets for the embedded default. */
        embeddedTargets: {
          submitToOfferP99Ms: 30,
          eventLoopDelayP99Ms: 20,
          submitToOfferMet: result.submitToOfferMs.p99 < 30,
          eventLoopDelayMet: loopP99 < 20,
          met: result.submitToOfferMs.p99 < 30 && loopP99 < 20,
        },
        signalingRttDuringRecompute: await recomputeRtt(
          embedded,
          pcp.token,
          summary,
          { consults: MONTH_CONSULTS, seconds: RECOMPUTE_SECONDS },
        ),
      });
      await embedded.close();
    }
    if (MODES.includes('redis')) {
      const databaseUrl = await freshPostgresUrl();
      const a = await startInstance({
        store: 'postgres',
        databaseUrl,
        redis: true,
        env,
      });
      const b = await startInstance({
        store: 'postgres',
        databaseUrl,
        redis: true,
        env: { ...env, SEED_DEMO: 'false' },
      });
      out.push(
        await run('redis', [a, b], {
          postgresPid: postmasterPid(`${pg.dir}/data`),
          redisPid: redis.process.pid ?? null,
        }),
      );
      await Promise.all([a.close(), b.close()]);
    }
  } finally {
    pg.stop();
    await redis.stop();
  }
  process.stdout.write(
    JSON.stringify(
      { benchmark: 'queue', seconds: SECONDS, results: out },
      null,
      2,
    ) + '\n',
  );
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  for (const child of children) child.kill();
  process.exit(1);
});
