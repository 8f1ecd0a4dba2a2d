import type { FieldProblem } from '../../server/errors';
import type { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../server/config';
import { startServer, type RunningServer } from '../../server/main';
import type { Clock } from '../../server/clock';
import { createLogger } from '../../server/logger';
import { freshPostgresUrl, type StoreKind } from './databases';
import { DEMO_PASSWORD } from '../../server/seed';

export interface TestServerOptions {
  store?: StoreKind;
  /** Share a database between instances (multi-instance tests). */
  databaseUrl?: string;
  redis?: boolean;
  /** Extra environment; undefined values are dropped. */
  env?: Record<string, string | undefined>;
  clock?: Clock;
  /** Capture the log (at info level) through the product's own logger. */
  logStream?: Writable;
}

/**
 * A whole product instance on a loopback port with the demo program seeded.
 * Real PostgreSQL (a fresh database unless one is given) by default; PGlite in memory on request.
 */
export async function startTestServer(
  o: TestServerOptions = {},
): Promise<RunningServer> {
  // Real PostgreSQL by default: a fresh database costs ~0.1 s, a PGlite start several seconds.
  // Suites that must hold on both stores say so with describe.each(STORE_KINDS).
  const store = o.databaseUrl ? 'postgres' : (o.store ?? 'postgres');
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    SEED_DEMO: 'true',
    SHUTDOWN_TIMEOUT_MS: '2000',
    ...(store === 'postgres'
      ? { DATABASE_URL: o.databaseUrl ?? (await freshPostgresUrl()) }
      : {}),
    ...(o.redis ? { REDIS_URL: process.env.TEST_REDIS_URL! } : {}),
    ...Object.fromEntries(
      Object.entries(o.env ?? {}).filter(
        (e): e is [string, string] => e[1] !== undefined,
      ),
    ),
  };
  const config: Config = loadConfig(env);
  return startServer(config, {
    clock: o.clock,
    logger: o.logStream
      ? createLogger('info', o.logStream)
      : createLogger(config.LOG_LEVEL),
    memoryDatabase: store === 'pglite',
  });
}

export interface Session {
  token: string;
  refreshToken: string;
  user: {
    id: string;
    role: string;
    programId: string;
    practiceId: string | null;
    displayName: string;
  };
}

export async function login(
  baseUrl: string,
  email: string,
  password = DEMO_PASSWORD,
): Promise<Session> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200)
    throw new Error(`login ${email} failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as {
    user: Session['user'];
    tokens: { accessToken: string; refreshToken: string };
  };
  return {
    token: body.tokens.accessToken,
    refreshToken: body.tokens.refreshToken,
    user: body.user,
  };
}

/** A refused request's body: every refused field under `details`. */
export interface ErrorReply {
  error: { code: string; message: string; details?: FieldProblem[] };
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** fetch with JSON in and out, for tests. */
export async function api<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  opts: {
    token?: string;
    body?: unknown;
    headers?: Record<string, string>;
  } = {},
): Promise<ApiResponse<T>> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(opts.body !== undefined
        ? { 'content-type': 'application/json' }
        : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body:
      opts.body === undefined
        ? undefined
        : typeof opts.body === 'string'
          ? opts.body
          : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text)
    body = JSON.parse(text);
  return { status: res.status, body: body as T, headers: res.headers };
}
