import { installPlainZodMessages } from './http/plain-zod-messages';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type BuiltApp } from './app';
import { systemClock, type Clock } from './clock';
import { ConfigError, loadConfig, type Config } from './config';
import { openDatabase } from './db/open-database';
import { migrate } from './db/migrate';
import { createLogger, type Logger } from './logger';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from './seed';
import { compose, type Composition } from './compose';
import { createSignaling } from '../signaling/socket-server';
import { Metrics } from './metrics/metrics';
import type { SocketData } from '../signaling/socket-identity';
import { listenForMetrics } from './metrics/metrics-listener';
import { timedDatabase } from './metrics/timed-database';
import type { Database } from './db/database';
import { type Closer, closeNewestFirst } from './close-newest-first';

/** A start-up step that failed, said as the rest of a sentence. */
class StartupError extends Error {}

const reason = (err: unknown) =>
  err instanceof Error ? err.message : String(err);

export interface RunningServer {
  url: string;
  port: number;
  /** Every service the composition root built (tests read and drive them). */
  services: Composition;
  built: BuiltApp;
  http: Server;
  /** The METRICS_PORT listener's port, when configured. */
  metricsPort: number | null;
  /** Graceful stop: refuse new connections, finish in-flight requests, close stores. */
  close(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  logger?: Logger;
  /** Embedded PGlite kept in memory instead of under DATA_DIR (tests). */
  memoryDatabase?: boolean;
}

/** Opens the store, migrates, seeds (embedded mode), then serves HTTP and signaling. */
export async function startServer(
  config: Config,
  opts: StartOptions = {},
): Promise<RunningServer> {
  const logger = opts.logger ?? createLogger(config.LOG_LEVEL);
  installPlainZodMessages();
  const metrics = new Metrics();
  const db = timedDatabase(
    await openDatabase(config, { memory: opts.memoryDatabase }),
    metrics,
  );
  // Whatever start-up opens is undone, newest first, if a later step throws:
  // a failed start leaves no engine thread, lock, socket or timer behind.
  const undo: Closer[] = [() => db.close()];
  try {
    return await startOnDatabase(config, opts, { db, logger, metrics, undo });
  } catch (err) {
    await closeNewestFirst(undo, logger);
    throw err;
  }
}

interface Opened {
  db: Database;
  logger: Logger;
  metrics: Metrics;
  /** Steps that close what has been opened so far. */
  undo: Closer[];
}

async function startOnDatabase(
  config: Config,
  opts: StartOptions,
  { db, logger, metrics, undo }: Opened,
): Promise<RunningServer> {
  const applied = await migrate(db).catch((err: unknown) => {
    throw new StartupError(
      `the database schema could not be brought up to date (${reason(err)})`,
    );
  });
  if (applied.length) logger.info({ applied }, 'migrations applied');
  const seed = config.SEED_DEMO ?? !config.DATABASE_URL;
  if (seed) {
    const { created } = await seedDemo(db).catch((err: unknown) => {
      throw new StartupError(
        `the demo program could not be seeded (${reason(err)})`,
      );
    });
    if (created) logger.info('demo program seeded');
  }
  // MEDIA_BACKEND: fails here, with what is missing, when the backend cannot run on this machine.
  let listeningUrl: string | undefined;
  const services = await compose({
    selfUrl: () => listeningUrl,
    config,
    db,
    logger,
    clock: opts.clock ?? systemClock,
    metrics,
  });
  undo.push(() => closeNewestFirst(services.closers, logger));
  // The live queue is rebuilt from PostgreSQL before the first request is served.
  await services.queue.start();
  const built = createApp(services);
  const http = createServer(
    {
      headersTimeout: config.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
      // How often Node checks those timeouts (default 30 s would let a slow body linger).
      connectionsCheckingInterval: 1_000,
    },
    built.app,
  );
  http.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.PORT, config.HOST, () => resolve());
  });
  undo.push(
    () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.listening ? http.close(() => resolve()) : resolve();
      }),
  );
  const { port } = http.address() as AddressInfo;
  const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  const url = `http://${host}:${port}`;
  listeningUrl = url;
  // After the media backend and the other modules are in place: the call service subscribes to their events.
  services.calls.start();
  services.handoffs.start();
  services.callbacks.start();
  services.reminders.start();
  services.econsultSweeper.start();
  services.alertSweeper.start();
  services.registry.start();
  const signaling = await createSignaling({
    http,
    deps: services,
    modules: services.socketModules,
    visitTokens: services.visitTokens,
    selfOrigins: [url, `http://localhost:${port}`],
  });
  undo.push(() => signaling.close());
  services.live.attach(signaling.live);
  metrics.provide({ sockets: () => socketsByKind(signaling.io) });
  const metricsListener =
    config.METRICS_PORT === undefined
      ? null
      : await listenForMetrics(
          metrics,
          config.METRICS_PORT,
          config.METRICS_HOST,
        );

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      const done = new Promise<void>((resolve) =>
        http.listening ? http.once('close', () => resolve()) : resolve(),
      );
      // Sockets first (socket.io also stops the HTTP listener), then let in-flight requests finish.
      await signaling.close();
      metricsListener?.server.close();
      if (http.listening) http.close();
      http.closeIdleConnections();
      const timer = setTimeout(
        () => http.closeAllConnections(),
        config.SHUTDOWN_TIMEOUT_MS,
      );
      await done;
      clearTimeout(timer);
      await closeNewestFirst(services.closers, logger);
      await db.close();
    })());
  return {
    url,
    port,
    metricsPort: metricsListener?.port ?? null,
    services,
    built,
    http,
    close,
  };
}

/** Connected sockets on this instance by role (visitors as one kind): no ids. */
function socketsByKind(io: {
  of(n: string): { sockets: Map<string, { data: SocketData }> };
}) {
  const counts = new Map<string, number>();
  for (const s of io.of('/').sockets.values()) {
    const id = s.data.identity;
    const kind = !id ? 'unknown' : id.kind === 'user' ? id.role : 'visitor';
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].map(([kind, n]) => ({ kind, n }));
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(
        `${err.message}\nSee the configuration table in README.md.\n`,
      );
      process.exit(78);
    }
    throw err;
  }
  let server: RunningServer;
  try {
    server = await startServer(config);
  } catch (err) {
    // startServer has closed whatever it opened (engine thread, data
    // directory lock, listeners): only the sentence is left to say.
    const why =
      err instanceof StartupError
        ? err.message
        : `it failed while starting (${reason(err)})`;
    process.stderr.write(
      `The server did not start: ${why}. Nothing was left running.\n`,
    );
    process.exit(1);
  }
  const mode = `${config.DATABASE_URL ? 'PostgreSQL' : `embedded PGlite in ${config.DATA_DIR}`}, ${config.REDIS_URL ? 'Redis' : 'in-process queue'}`;
  // One write, so whoever watches the output sees the URL and the logins together.
  const logins =
    (config.SEED_DEMO ?? !config.DATABASE_URL)
      ? `Demo logins (password "${DEMO_PASSWORD}"):\n${DEMO_ACCOUNTS.map((a) => `  ${a.role.padEnd(13)} ${a.email}`).join('\n')}\n\n`
      : '';
  const startedIn = process.uptime().toFixed(1);
  process.stdout.write(
    `\nPsychiatry access program running at ${server.url}  (${mode}; started in ${startedIn} s)\n${logins}`,
  );
  const stop = (signal: string) => {
    server.services.logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`Failed to start: ${reason(err)}\n`);
    process.exit(1);
  });
}
