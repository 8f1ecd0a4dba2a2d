/**
 * One server instance of the queue benchmark, in its own process as in
 * production, so the load generator's 200 sockets do not share its event loop.
 * Driven over IPC by test/bench/queue.ts:
 *   setup    -> queue settings, psychiatrists and their tokens (instance 0 only)
 *   finish   -> the accepted consult goes in call and completes, freeing its psychiatrist
 *   ping     -> one server -> socket push (the baseline)
 *   stats    -> event-loop delay and CPU time since the last stats
 *   seed-month -> a busy billing month in the store (busy-month.ts)
 *   recompute  -> recompute that month for a few seconds
 *   close    -> drain and exit
 * Options come in BENCH_INSTANCE (JSON): { store, databaseUrl?, redis?, env }.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { signAccessToken } from '../../server/auth/access-token';
import type { RunningServer } from '../../server/main';
import {
  addPsychiatrists,
  setQueueSettings,
  startQueueServer,
} from '../integration/queue-kit';
import { SYSTEM_ACTOR } from '../../server/consults/consult';
import { recomputeFor, seedBusyMonth } from './busy-month';
import { mainThreadCpuMs } from './process-cpu';
import type { EngineProfile } from '../../server/db/pglite-statement-profile';

/** Completion needs a coded outcome; these consults are advice to the PCP. */
const ADVICE_ONLY = { disposition: 'advice_to_pcp', diagnosisCategories: [] };

export type InstanceCommand =
  | { type: 'setup'; psychiatrists: number; tag: string }
  | { type: 'finish'; consultId: string }
  | { type: 'ping'; userId: string; i: number }
  | { type: 'stats' }
  | { type: 'seed-month'; consults: number }
  | { type: 'recompute'; programId: string; seconds: number }
  | { type: 'close' };

export type InstanceReply =
  | { type: 'ready'; url: string }
  | {
      type: 'setup';
      psychiatrists: { email: string; userId: string; token: string }[];
    }
  | { type: 'finished'; consultId: string; error?: string }
  | { type: 'seeded'; programId: string }
  | {
      type: 'recomputed';
      passes: number;
      consults: number;
      msPerPass: number;
    }
  | {
      type: 'stats';
      eventLoopDelayMs: { p50: number; p99: number; max: number };
      cpuMs: number;
      /** The main thread's share of cpuMs (null without /proc). */
      mainThreadCpuMs: number | null;
      /** SQL statements through the Database seam (lone and in transactions). */
      statements: number;
      /** The embedded engine thread's CPU and, if asked, its statements. */
      engine: EngineProfile | null;
    };

export interface InstanceOptions {
  store: 'pglite' | 'postgres';
  databaseUrl?: string;
  redis?: boolean;
  env: Record<string, string>;
}

const send = (m: InstanceReply) => process.send!(m);

/**
 * Statements so far, from the seam's own timing histogram (every lone
 * statement and every statement of a transaction is one observation).
 */
async function statementCount(server: RunningServer): Promise<number> {
  const { values } = await server.services.metrics.dbQuery.get();
  return values
    .filter(
      (v) =>
        v.metricName === 'db_query_duration_seconds_count' &&
        v.labels.kind !== 'transaction',
    )
    .reduce((n, v) => n + v.value, 0);
}

/** Signs in without argon2 (200 logins would dominate the run): a session row and an access token. */
async function tokenFor(
  server: RunningServer,
  userId: string,
  role: string,
): Promise<string> {
  const s = await server.services.db.query<{ id: string }>(
    'INSERT INTO sessions (user_id) VALUES ($1) RETURNING id',
    [userId],
  );
  return signAccessToken(server.services.auth.tokenSettings, {
    userId,
    sessionId: s.rows[0]!.id,
    role,
  }).token;
}

async function setup(server: RunningServer, n: number, tag: string) {
  await setQueueSettings(server, {
    offerTimeoutSeconds: 30,
    escalationSteps: [],
  });
  const emails = await addPsychiatrists(server, n, {
    specialties: ['adult'],
    tag,
  });
  const { rows } = await server.services.db.query<{
    id: string;
    email: string;
  }>('SELECT id, email FROM users WHERE email = ANY($1::text[])', [emails]);
  const ids = new Map(rows.map((r) => [r.email, r.id]));
  const out = [];
  for (const email of emails)
    out.push({
      email,
      userId: ids.get(email)!,
      token: await tokenFor(server, ids.get(email)!, 'psychiatrist'),
    });
  return out;
}

async function main() {
  const o = JSON.parse(process.env.BENCH_INSTANCE!) as InstanceOptions;
  const server = await startQueueServer({
    store: o.store,
    databaseUrl: o.databaseUrl,
    redis: o.redis,
    env: o.env,
  });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let cpu = process.cpuUsage();
  let mainCpu = mainThreadCpuMs();
  let statements = await statementCount(server);
  const engineProfile = () =>
    server.services.db.engineProfile?.() ?? Promise.resolve(null);
  await engineProfile();
  process.on('message', async (m: InstanceCommand) => {
    if (m.type === 'stats') {
      const used = process.cpuUsage(cpu);
      cpu = process.cpuUsage();
      const main = mainThreadCpuMs();
      const count = await statementCount(server);
      const engine = await engineProfile();
      const ms = (ns: number) => Math.round(ns / 1e4) / 100;
      send({
        type: 'stats',
        eventLoopDelayMs: {
          p50: ms(delay.percentile(50)),
          p99: ms(delay.percentile(99)),
          max: ms(delay.max),
        },
        cpuMs: Math.round((used.user + used.system) / 1000),
        mainThreadCpuMs:
          main !== null && mainCpu !== null ? main - mainCpu : null,
        statements: count - statements,
        engine,
      });
      mainCpu = main;
      statements = count;
      delay.reset();
    }
    if (m.type === 'seed-month')
      void seedBusyMonth(server, m.consults).then((programId) =>
        send({ type: 'seeded', programId }),
      );
    else if (m.type === 'recompute')
      void recomputeFor(server, m.programId, m.seconds).then((r) =>
        send({ type: 'recomputed', ...r }),
      );
    else if (m.type === 'setup')
      void setup(server, m.psychiatrists, m.tag).then((psychiatrists) =>
        send({ type: 'setup', psychiatrists }),
      );
    else if (m.type === 'ping')
      // Any push in the wire contract will do: app:error is one the bench never causes.
      server.services.live.toUser(m.userId, 'app:error', {
        code: 'bench_ping',
        message: String(m.i),
      });
    else if (m.type === 'finish') {
      void server.services.consults
        .markInCall(m.consultId)
        .then(() =>
          server.services.consults.complete(
            m.consultId,
            SYSTEM_ACTOR,
            ADVICE_ONLY,
          ),
        )
        .then(
          () => send({ type: 'finished', consultId: m.consultId }),
          (err: Error) =>
            send({
              type: 'finished',
              consultId: m.consultId,
              error: err.message,
            }),
        );
    } else if (m.type === 'close')
      void server.close().then(() => process.exit(0));
  });
  send({ type: 'ready', url: server.url });
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
