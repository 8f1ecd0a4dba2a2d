import { z } from 'zod';

/**
 * Every environment variable the product reads, in one schema. `loadConfig` is
 * the only place `process.env` is read, so the README table and this file are
 * the whole configuration surface.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

export const configSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'test', 'production'])
    .default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  ALLOWED_ORIGINS: csv.optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** Connections per instance: a transaction holds one across its round trips, so a busy queue needs more than pg's 10. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(20),
  /**
   * How long an idle pooled connection is kept. Opening one costs PostgreSQL a
   * process, its caches and our prepared statements; pg's 10 s closed them
   * between bursts and reopened them mid-burst (1-2 s stalls of the queue).
   */
  DATABASE_POOL_IDLE_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(300),
  DATA_DIR: z.string().min(1).default('./data'),
  /**
   * Where embedded PGlite executes SQL: its own thread (the default: the
   * event loop never runs a query) or `main`, the server's own thread, kept
   * for comparison in bench:queue (docs/database.md).
   */
  EMBEDDED_ENGINE: z.enum(['thread', 'main']).default('thread'),
  /**
   * Test hook, refused in production: on this signal the embedded engine's
   * thread is terminated as a crash would end it, so a process-level test
   * can watch the server fail and exit (test/integration/engine-death).
   */
  EMBEDDED_ENGINE_KILL_SIGNAL: z.enum(['SIGUSR2']).optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_ISSUER: z.string().min(1).default('psych-access'),
  JWT_AUDIENCE: z.string().min(1).default('psych-access-api'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(30)
    .max(3600)
    .default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(300)
    .default(60 * 60 * 24 * 14),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  /** A refused (429) sign-in is answered after this long: a tarpit. */
  LOGIN_REFUSAL_DELAY_MS: z.coerce.number().int().min(0).default(1000),
  /** Password checks at once (default: the cores but one, at least 1). */
  PASSWORD_CHECK_CONCURRENCY: z.coerce.number().int().min(1).optional(),
  SEED_DEMO: bool.optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  // The largest body is 100 kB of JSON: seconds even on a poor mobile link. A
  // slow sender holding a connection open is cut off after these.
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(500).default(15_000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(500).default(30_000),
  TRUST_PROXY: bool.default(false),
  // Sockets per client address (signaling/address-connection-limits.ts).
  SOCKETS_OPEN_PER_ADDRESS: z.coerce.number().int().min(1).default(100),
  SOCKET_CONNECT_BURST_PER_ADDRESS: z.coerce.number().int().min(1).default(60),
  SOCKET_CONNECTS_PER_ADDRESS_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .default(120),
  // A socket cut for flooding: its user's (or visitor's) new sockets are
  // refused this long, whatever the session (signaling/flood-cooldown.ts).
  SOCKET_FLOOD_COOLDOWN_SECONDS: z.coerce.number().int().min(1).default(30),
  // Media and TURN
  MEDIA_BACKEND: z.enum(['p2p', 'mediasoup', 'livekit']).default('p2p'),
  STUN_URLS: csv.default(['stun:127.0.0.1:3478']),
  TURN_URLS: csv.optional(),
  TURN_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  TURN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  CALL_RECONNECT_GRACE_SECONDS: z.coerce.number().int().min(1).default(60),
  MEDIASOUP_WORKERS: z.coerce.number().int().min(1).optional(),
  MEDIASOUP_LISTEN_IP: z.string().default('127.0.0.1'),
  MEDIASOUP_ANNOUNCED_IP: z.string().optional(),
  MEDIASOUP_RTC_MIN_PORT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(65535)
    .default(40000),
  MEDIASOUP_RTC_MAX_PORT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(65535)
    .default(49999),
  // One UDP+TCP port per worker (WebRtcServer), starting here; unset = a port per transport from the RTC range.
  MEDIASOUP_WEBRTC_SERVER_PORT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(65535)
    .optional(),
  // Path of the mediasoup-worker binary (mediasoup reads it too); unset = the one `npm ci` built.
  MEDIASOUP_WORKER_BIN: z.string().min(1).optional(),
  LIVEKIT_URL: z.url().optional(),
  LIVEKIT_API_KEY: z.string().optional(),
  LIVEKIT_API_SECRET: z.string().optional(),
  // Where this server reaches LiveKit's API when it differs from LIVEKIT_URL (an internal address).
  LIVEKIT_API_URL: z.url().optional(),
  LIVEKIT_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(30)
    .max(3600)
    .default(600),
  // Twilio
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits')
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  TWILIO_FROM_NUMBER: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +15555550100')
    .optional(),
  TWILIO_API_BASE_URL: z.url().optional(),
  // Consult queue
  QUEUE_SWEEP_MS: z.coerce.number().int().min(20).max(60_000).default(1000),
  /** How often due safety alerts are escalated (any instance may sweep). */
  SAFETY_ALERT_SWEEP_MS: z.coerce
    .number()
    .int()
    .min(20)
    .max(60_000)
    .default(5000),
  QUEUE_PRESENCE_GRACE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(600_000)
    .default(20_000),
  // Visits
  INVITE_TTL_MINUTES: z.coerce.number().int().min(5).default(240),
  VISIT_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(4 * 3600),
  // Unknown invite tokens tried from one address within the window before it is refused (guessing).
  INVITE_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  INVITE_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  // Prometheus /metrics: on its own port (no token, keep it off the public
  // network), and/or on the API port behind a bearer token. Neither: not served.
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  METRICS_TOKEN: z
    .string()
    .min(24, 'must be at least 24 characters')
    .optional(),
});

export type Config = z.infer<typeof configSchema> & { jwtSecret: string };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Parse the environment; throw ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (i) =>
          `${i.path.join('.') || '(env)'}: ${i.message}${describeReceived(raw, i.path)}`,
      ),
    );
  }
  const c = parsed.data;
  const problems: string[] = [];
  if (c.NODE_ENV === 'production' && !c.JWT_SECRET)
    problems.push('JWT_SECRET: required when NODE_ENV=production');
  if (c.NODE_ENV === 'production' && c.EMBEDDED_ENGINE_KILL_SIGNAL)
    problems.push(
      'EMBEDDED_ENGINE_KILL_SIGNAL: a test hook, not allowed when NODE_ENV=production',
    );
  if (c.MEDIASOUP_RTC_MIN_PORT > c.MEDIASOUP_RTC_MAX_PORT)
    problems.push(
      'MEDIASOUP_RTC_MIN_PORT: must not exceed MEDIASOUP_RTC_MAX_PORT',
    );
  if (c.TURN_URLS && !c.TURN_SECRET)
    problems.push('TURN_SECRET: required when TURN_URLS is set');
  if (
    c.MEDIA_BACKEND === 'livekit' &&
    !(c.LIVEKIT_URL && c.LIVEKIT_API_KEY && c.LIVEKIT_API_SECRET)
  )
    problems.push(
      'LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET: all required when MEDIA_BACKEND=livekit',
    );
  if (
    (c.TWILIO_ACCOUNT_SID || c.TWILIO_AUTH_TOKEN) &&
    !(c.TWILIO_ACCOUNT_SID && c.TWILIO_AUTH_TOKEN)
  )
    problems.push('TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN: set both or neither');
  if (problems.length) throw new ConfigError(problems);
  // Embedded/dev mode gets a per-process random secret: tokens die with the process, which is safe.
  const jwtSecret =
    c.JWT_SECRET ?? require('node:crypto').randomBytes(48).toString('base64');
  return { ...c, jwtSecret };
}

function describeReceived(
  raw: Record<string, unknown>,
  path: PropertyKey[],
): string {
  const key = String(path[0] ?? '');
  if (!(key in raw)) return '';
  if (/SECRET|TOKEN|PASSWORD|URL/.test(key)) return ' (value hidden)';
  return ` (got "${String(raw[key])}")`;
}
