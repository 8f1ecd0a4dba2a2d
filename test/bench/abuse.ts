/**
 * npm run bench:abuse [-- --seconds 4 --rounds 5]
 *
 * Another user's round trips while someone abuses the server, against the
 * same with no abuse, in one run. The victim (a coordinator) sends one socket
 * request (`queue:board`) and one HTTP request (`GET /api/me`) every 50 ms.
 *
 * The machine is shared and its load drifts over a run, so quiet and abuse
 * phases are interleaved, ROUNDS times: quiet, flood, quiet, guessing. Each
 * phase has its own p95; a kind's figure is the median of its phases' p95s,
 * and the ratio is that median over the quiet phases' median, so one noisy
 * stretch of the machine cannot decide it. Every phase is reported, with
 * the server process's own CPU time and event-loop delay during it.
 *
 * The server, the abusers and the victim are separate processes, started
 * once before the first phase (abuse-actors.ts); the database is a throwaway
 * PostgreSQL. The server logs at info (to /dev/null), as in production.
 *
 * Target: both kinds' p95 ratios < 1.2, for the socket and HTTP round trips.
 * Prints one JSON document.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import type { Socket } from 'socket.io-client';
import { startPostgres } from '../support/postgres-server';
import { login } from '../support/test-server';
import {
  connectSocket,
  flood,
  guess,
  opened,
  serve,
  type AbuseKind,
  type ActorCommand,
  type ServerMark,
} from './abuse-actors';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const SECONDS = arg('seconds', 4);
const ROUNDS = arg('rounds', 5);
const WARMUP_MS = 2000;
const GAP_MS = 50;
const TARGET = 1.2;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

// BENCH_ABUSE_PROFILE=dir: the server writes a CPU profile there.
const PROFILE = process.env.BENCH_ABUSE_PROFILE;

function child(args: string[]): ChildProcess {
  const profile =
    PROFILE && args[0] === '--server'
      ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`]
      : [];
  return fork(__filename, args, {
    execArgv: ['--require', 'tsx/cjs', ...profile],
    serialization: 'advanced',
  });
}

const nextMessage = <T>(c: ChildProcess) =>
  new Promise<T>((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`child exited ${code}`));
    c.once('exit', onExit);
    c.once('message', (m) => {
      c.off('exit', onExit);
      resolve(m as T);
    });
  });

const ask = <T>(c: ChildProcess, command: ActorCommand) => {
  const reply = nextMessage<T>(c);
  c.send(command);
  return reply;
};

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
const median = (xs: number[]) => pct(xs, 0.5);

type PhaseKind = 'quiet' | AbuseKind;
interface Phase {
  kind: PhaseKind;
  round: number;
  socketP95Ms: number;
  httpP95Ms: number;
  n: number;
  errors: number;
  server: ServerMark;
  abuser?: unknown;
}

async function main() {
  const pg = await startPostgres();
  const children: ChildProcess[] = [];
  try {
    const admin = new Client({ connectionString: pg.url });
    await admin.connect();
    await admin.query('CREATE DATABASE bench_abuse');
    await admin.end();
    const server = child([
      '--server',
      pg.url.replace(/\/postgres$/, '/bench_abuse'),
    ]);
    children.push(server);
    const { url } = await nextMessage<{ url: string }>(server);
    const abusers = {
      flood: child(['--flood', url]),
      guess: child(['--guess', url]),
    };
    children.push(abusers.flood, abusers.guess);
    await Promise.all(Object.values(abusers).map((c) => nextMessage(c)));
    const victim = await login(url, 'coordinator@demo.test');
    const sock = connectSocket(url, victim.token);
    await opened(sock);
    await measure(url, victim.token, sock, WARMUP_MS);

    const phases: Phase[] = [];
    const phase = async (kind: PhaseKind, r: number) => {
      const abuser = kind === 'quiet' ? null : abusers[kind];
      await ask<ServerMark>(server, { cmd: 'mark' });
      if (abuser) await ask(abuser, { cmd: 'start', round: r });
      const s = await measure(url, victim.token, sock, SECONDS * 1000);
      const mark = await ask<ServerMark>(server, { cmd: 'mark' });
      const stats = abuser ? await ask(abuser, { cmd: 'stop' }) : undefined;
      phases.push({
        kind,
        round: r,
        socketP95Ms: round(pct(s.socket, 0.95)),
        httpP95Ms: round(pct(s.http, 0.95)),
        n: s.socket.length,
        errors: s.errors,
        server: mark,
        ...(stats ? { abuser: stats } : {}),
      });
      // What the abuse left behind (closing sockets, in-flight refusals)
      // settles before the next phase.
      if (abuser) await sleep(500);
    };
    for (let r = 0; r < ROUNDS; r++)
      for (const kind of ['quiet', 'flood', 'quiet', 'guess'] as const)
        await phase(kind, r);
    await phase('quiet', ROUNDS);
    sock.close();

    const of = (k: PhaseKind) => phases.filter((p) => p.kind === k);
    const figure = (k: PhaseKind) => ({
      socketP95Ms: round(median(of(k).map((p) => p.socketP95Ms))),
      httpP95Ms: round(median(of(k).map((p) => p.httpP95Ms))),
      serverCpuMsPerPhase: round(median(of(k).map((p) => p.server.cpuMs))),
      serverLoopDelayP99Ms: round(
        median(of(k).map((p) => p.server.loopDelayP99Ms)),
      ),
    });
    const quiet = figure('quiet');
    const versus = (k: AbuseKind) => {
      const f = figure(k);
      return {
        ...f,
        socketP95Ratio: round(f.socketP95Ms / quiet.socketP95Ms),
        httpP95Ratio: round(f.httpP95Ms / quiet.httpP95Ms),
      };
    };
    const result = { flood: versus('flood'), guessing: versus('guess') };
    const ratios = Object.values(result).flatMap((x) => [
      x.socketP95Ratio,
      x.httpP95Ratio,
    ]);
    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: 'abuse',
          secondsPerPhase: SECONDS,
          rounds: ROUNDS,
          victim: 'coordinator: queue:board over its socket, GET /api/me',
          method:
            'median over phases of each phase p95; ratio to the quiet phases median',
          quiet,
          ...result,
          target: `p95 ratio < ${TARGET}`,
          met: ratios.every((r) => r < TARGET),
          phases,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    // SIGTERM first: the server writes its profile on the way out.
    for (const c of children) c.kill(PROFILE ? 'SIGTERM' : 'SIGKILL');
    if (PROFILE) await sleep(3000);
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
