/**
 * The three child processes of `npm run bench:abuse` (see abuse.ts): the
 * server, the flooder and the guesser. Each is started once and driven over
 * IPC, so no process start-up (tsx compiling, module loading) falls inside
 * a measured phase.
 *
 * - server: answers `mark` with the CPU time and event-loop delay of its own
 *   process since the previous mark, so each phase also says what the abuse
 *   cost the server itself, which the machine's load does not blur as much
 *   as the victim's round trips.
 * - abusers: `start` (with the round number) begins the abuse and answers
 *   once it is under way; `stop` ends it and answers with what it did.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import { io as ioClient, type Socket } from 'socket.io-client';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/logger';
import { startServer } from '../../server/main';
import { login } from '../support/test-server';

export type AbuseKind = 'flood' | 'guess';
export type ActorCommand =
  | { cmd: 'start'; round: number }
  | { cmd: 'stop' }
  | { cmd: 'mark' };

export interface ServerMark {
  cpuMs: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** This process's CPU time since `from` (the abuser's own cost to the machine). */
const cpuMsSince = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return round2((used.user + used.system) / 1000);
};

export function connectSocket(url: string, token: string): Socket {
  return ioClient(url, {
    transports: ['websocket'],
    auth: { token },
    reconnection: false,
    forceNew: true,
  });
}

export const opened = (s: Socket) =>
  new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });

const onCommand = (handle: (c: ActorCommand) => void) =>
  process.on('message', (m) => handle(m as ActorCommand));

export async function serve(databaseUrl: string): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    SEED_DEMO: 'true',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
  });
  // Logged as in production (info, every request and refusal), to nowhere:
  // the serialising is part of what abuse costs.
  const server = await startServer(config, {
    logger: createLogger(
      'info',
      pino.destination({ dest: '/dev/null', sync: false }),
    ),
  });
  process.once('SIGTERM', () => process.exit(0));
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  let cpu = process.cpuUsage();
  onCommand((c) => {
    if (c.cmd !== 'mark') return;
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    const mark: ServerMark = {
      cpuMs: round2((used.user + used.system) / 1000),
      loopDelayP99Ms: round2(loop.percentile(99) / 1e6),
      loopDelayMaxMs: round2(loop.max / 1e6),
    };
    loop.reset();
    process.send!(mark);
  });
  process.send!({ url: server.url });
}

/** Flooders, one per round (then round robin): the cooldown is per user. */
const FLOODERS = ['pcp2@demo.test', 'pcp@demo.test', 'bh@demo.test'];

/**
 * One signed-in socket emitting `call:join` as fast as it can; disconnected
 * by the flood guard, it reconnects at once (as an attacker would) and is
 * refused during the cooldown. Each round signs in as another user (the
 * cooldown is the user's, whatever the session, and lasts longer than a
 * round): every flood phase holds a real flood, not only refused reconnects.
 */
export async function flood(url: string): Promise<void> {
  const payload = { callId: '6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5' };
  let stats = { sent: 0, connects: 0, refusedConnects: 0, replies: 0 };
  let cpu = process.cpuUsage();
  let running = false;
  let sock: Socket | null = null;
  const run = async (token: string) => {
    while (running) {
      const s = connectSocket(url, token);
      sock = s;
      s.on('app:error', () => stats.replies++);
      const ok = await opened(s).then(
        () => true,
        () => false,
      );
      if (ok) stats.connects++;
      else stats.refusedConnects++;
      while (running && s.connected) {
        for (let i = 0; i < 200; i++) s.emit('call:join', payload);
        stats.sent += 200;
        await new Promise((r) => setImmediate(r));
      }
      s.close();
    }
  };
  onCommand(async (c) => {
    if (c.cmd === 'start') {
      const email = FLOODERS[c.round % FLOODERS.length]!;
      const { token } = await login(url, email);
      stats = { sent: 0, connects: 0, refusedConnects: 0, replies: 0 };
      cpu = process.cpuUsage();
      running = true;
      void run(token);
      process.send!('started');
    } else if (c.cmd === 'stop') {
      running = false;
      (sock as Socket | null)?.close();
      process.send!({ ...stats, ownCpuMs: cpuMsSince(cpu) });
    }
  });
  process.send!('ready');
}

/** Psychiatrists guessed at, one per round (then round robin). */
const TARGETS = [
  'psych.child@demo.test',
  'psych.perinatal@demo.test',
  'psych.addiction@demo.test',
];

/**
 * 8 concurrent wrong-password sign-ins for one psychiatrist from one
 * address, without pause; another psychiatrist each round, so every guess
 * phase holds password checks (the first few) as well as refusals.
 */
export async function guess(url: string): Promise<void> {
  let stats = { attempts: 0, statuses: {} as Record<string, number> };
  let cpu = process.cpuUsage();
  let running = false;
  let workers: Promise<void>[] = [];
  const one = async (email: string) => {
    while (running) {
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email,
          password: `wrong-${stats.attempts}`,
        }),
      }).catch(() => null);
      await res?.arrayBuffer();
      stats.attempts++;
      const k = String(res?.status ?? 'error');
      stats.statuses[k] = (stats.statuses[k] ?? 0) + 1;
    }
  };
  onCommand(async (c) => {
    if (c.cmd === 'start') {
      stats = { attempts: 0, statuses: {} };
      cpu = process.cpuUsage();
      running = true;
      const email = TARGETS[c.round % TARGETS.length]!;
      workers = Array.from({ length: 8 }, () => one(email));
      process.send!('started');
    } else if (c.cmd === 'stop') {
      running = false;
      // In-flight guesses end within the refusal delay; not counted after.
      const done = {
        ...stats,
        statuses: { ...stats.statuses },
        ownCpuMs: cpuMsSince(cpu),
      };
      await Promise.all(workers);
      process.send!(done);
    }
  });
  process.send!('ready');
}
