/**
 * npm run bench:abuse [-- --seconds 6]
 *
 * Another user's round trips while someone abuses the server, against the
 * same with no abuse, in one run. The victim (a coordinator) sends one socket
 * request (`queue:board`) and one HTTP request (`GET /api/me`) every 50 ms
 * and we take the p95 of each. Phases, SECONDS each after a warm-up:
 * baseline, one-socket flood, baseline again, login-guessing burst. The
 * baseline is both quiet windows pooled. The server, the abuser and the
 * victim are three processes (the abuser must not slow the victim's own
 * event loop); the database is a throwaway PostgreSQL.
 *
 * - flood: one signed-in socket emits `call:join` payloads as fast as it can;
 *   disconnected by the flood guard, it reconnects at once (as an attacker would).
 * - guessing: 8 concurrent wrong-password logins for one psychiatrist, from
 *   one address, without pause.
 *
 * Target: p95 under abuse < 1.2x the baseline's. Prints one JSON document.
 */
import { fork, type ChildProcess } from 'node:child_process';
import pino from 'pino';
import { Client } from 'pg';
import { io as ioClient, type Socket } from 'socket.io-client';
import { loadConfig } from '../../server/config';
import { startServer } from '../../server/main';
import { startPostgres } from '../support/postgres-server';
import { login } from '../support/test-server';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const SECONDS = arg('seconds', 6);
const WARMUP_MS = 2000;
const GAP_MS = 50;
const TARGET = 1.2;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

function connect(url: string, token: string): Socket {
  return ioClient(url, {
    transports: ['websocket'],
    auth: { token },
    reconnection: false,
    forceNew: true,
  });
}

const opened = (s: Socket) =>
  new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });

// ------------------------------------------------------------ server (child)

async function serve(databaseUrl: string) {
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'true',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
  });
  const server = await startServer(config, {
    logger: pino({ level: 'silent' }),
  });
  process.send!({ url: server.url });
}

// ------------------------------------------------------------ abuser (child)

async function flood(url: string) {
  const { token } = await login(url, 'pcp2@demo.test');
  const payload = { callId: '6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5' };
  const stats = { sent: 0, disconnects: 0, replies: 0 };
  process.on('message', () => process.send!(stats));
  for (;;) {
    const s = connect(url, token);
    s.on('app:error', () => stats.replies++);
    await opened(s).catch(() => undefined);
    while (s.connected) {
      for (let i = 0; i < 200; i++) s.emit('call:join', payload);
      if (stats.sent === 0) process.send!('ready');
      stats.sent += 200;
      await new Promise((r) => setImmediate(r));
    }
    stats.disconnects++;
    s.close();
  }
}

async function guess(url: string) {
  const stats = { attempts: 0, statuses: {} as Record<string, number> };
  process.on('message', () => process.send!(stats));
  const one = async () => {
    for (;;) {
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: 'psych.child@demo.test',
          password: `wrong-${stats.attempts}`,
        }),
      }).catch(() => null);
      await res?.arrayBuffer();
      if (stats.attempts === 0) process.send!('ready');
      stats.attempts++;
      const k = String(res?.status ?? 'error');
      stats.statuses[k] = (stats.statuses[k] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: 8 }, one));
}

// ------------------------------------------------------------ victim (parent)

function child(args: string[]): ChildProcess {
  return fork(__filename, args, {
    execArgv: ['--require', 'tsx/cjs'],
    serialization: 'advanced',
  });
}

const firstMessage = <T>(c: ChildProcess) =>
  new Promise<T>((resolve, reject) => {
    c.once('message', (m) => resolve(m as T));
    c.once('exit', (code) => reject(new Error(`child exited ${code}`)));
  });

interface Samples {
  socket: number[];
  http: number[];
  errors: number;
}

async function measure(
  url: string,
  token: string,
  sock: Socket,
  ms: number,
): Promise<Samples> {
  const out: Samples = { socket: [], http: [], errors: 0 };
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const t0 = performance.now();
    const r = await sock
      .timeout(5000)
      .emitWithAck('queue:board', {})
      .catch(() => null);
    if (r?.ok) out.socket.push(performance.now() - t0);
    else out.errors++;
    const t1 = performance.now();
    const h = await fetch(`${url}/api/me`, {
      headers: { authorization: `Bearer ${token}` },
    }).catch(() => null);
    await h?.arrayBuffer();
    if (h?.status === 200) out.http.push(performance.now() - t1);
    else out.errors++;
    await sleep(GAP_MS);
  }
  return out;
}

function pct(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : NaN;
}
const summary = (xs: number[]) => ({
  n: xs.length,
  p50Ms: round(pct(xs, 0.5)),
  p95Ms: round(pct(xs, 0.95)),
});

async function underAbuse(
  kind: 'flood' | 'guess',
  url: string,
  token: string,
  sock: Socket,
) {
  const abuser = child([`--${kind}`, url]);
  // Measured only once the abuse is under way (the child's start is not abuse).
  await firstMessage<'ready'>(abuser);
  await sleep(500);
  const samples = await measure(url, token, sock, SECONDS * 1000);
  abuser.send('stats');
  const stats = await firstMessage<Record<string, unknown>>(abuser);
  abuser.kill('SIGKILL');
  await sleep(1000); // let the server drain before the next phase
  return { samples, stats };
}

async function main() {
  const pg = await startPostgres();
  let server: ChildProcess | null = null;
  try {
    const admin = new Client({ connectionString: pg.url });
    await admin.connect();
    await admin.query('CREATE DATABASE bench_abuse');
    await admin.end();
    server = child(['--server', pg.url.replace(/\/postgres$/, '/bench_abuse')]);
    const { url } = await firstMessage<{ url: string }>(server);
    const victim = await login(url, 'coordinator@demo.test');
    const sock = connect(url, victim.token);
    await opened(sock);
    await measure(url, victim.token, sock, WARMUP_MS);
    const quiet1 = await measure(url, victim.token, sock, SECONDS * 1000);
    const flooded = await underAbuse('flood', url, victim.token, sock);
    const quiet2 = await measure(url, victim.token, sock, SECONDS * 1000);
    const guessed = await underAbuse('guess', url, victim.token, sock);
    sock.close();

    const base = {
      socket: summary([...quiet1.socket, ...quiet2.socket]),
      http: summary([...quiet1.http, ...quiet2.http]),
      errors: quiet1.errors + quiet2.errors,
    };
    const phase = (r: { samples: Samples; stats: unknown }) => {
      const socket = summary(r.samples.socket);
      const http = summary(r.samples.http);
      return {
        socket: {
          ...socket,
          p95Ratio: round(socket.p95Ms / base.socket.p95Ms),
        },
        http: { ...http, p95Ratio: round(http.p95Ms / base.http.p95Ms) },
        errors: r.samples.errors,
        abuser: r.stats,
      };
    };
    const flood = phase(flooded);
    const guessing = phase(guessed);
    const ratios = [flood, guessing].flatMap((p) => [
      p.socket.p95Ratio,
      p.http.p95Ratio,
    ]);
    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: 'abuse',
          seconds: SECONDS,
          victim: 'coordinator: queue:board over its socket, GET /api/me',
          baseline: base,
          flood,
          guessing,
          target: `p95 ratio < ${TARGET}`,
          met: ratios.every((r) => r < TARGET),
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    server?.kill('SIGKILL');
    pg.stop();
  }
}

const role = process.argv.find((a) =>
  ['--server', '--flood', '--guess'].includes(a),
);
const target = role ? process.argv[process.argv.indexOf(role) + 1]! : '';
const run =
  role === '--server'
    ? serve(target)
    : role === '--flood'
      ? flood(target)
      : role === '--guess'
        ? guess(target)
        : main();
run.catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
