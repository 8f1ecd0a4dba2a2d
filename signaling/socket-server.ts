import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Role } from '../server/auth/roles';
import { deploymentKey } from '../server/redis/deployment-key';
import type { LiveChannel } from '../server/live/live-channel';
import { closableDuplicates } from '../server/redis/closable-duplicates';
import { openRedis, type RedisClient } from '../server/redis/redis-connection';
import type { AuditLog } from '../server/audit/audit-log';
import type { AuthService } from '../server/auth/auth-service';
import type { Clock } from '../server/clock';
import type { Config } from '../server/config';
import type { Database } from '../server/db/database';
import type { Logger } from '../server/logger';
import {
  MAX_SOCKET_PAYLOAD_BYTES,
  SOCKET_RATE_LIMIT,
} from './protocol/envelope';
import type { PushEvent, ServerToClientEvents } from './protocol/pushes';
import { verifyAccessToken } from '../server/auth/access-token';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  FloodCooldown,
  RedisFloodCooldown,
  type FloodCooldowns,
} from './flood-cooldown';
import { floodKey, gateSocket, userFloodKey } from './socket-gate';
import {
  addressPolicy,
  limitConnectionsPerAddress,
} from './connection-limit-middleware';
import { SharedAddressLimits } from './shared-address-limits';
import type { AppSocket } from './socket-handler';
import {
  roleRoom,
  sessionRoom,
  userRoom,
  visitorRoom,
  type SocketData,
  type VisitTokenVerifier,
} from './socket-identity';
import type { SocketModule } from './socket-module';

/** What the socket server itself uses (feature modules bring their own). */
export interface SignalingDeps {
  config: Config;
  db: Database;
  logger: Logger;
  clock: Clock;
  audit: AuditLog;
  auth: AuthService;
  metrics?: { socketFloods: { inc(): void } };
}

export interface SignalingOptions {
  http: HttpServer;
  deps: SignalingDeps;
  modules: SocketModule[];
  visitTokens: VisitTokenVerifier;
  /** The server's own origin(s), always allowed. */
  selfOrigins: string[];
  /** How often live sockets re-check that their session still stands. */
  sessionCheckMs?: number;
}

/** The user id of a well-signed, unexpired access token; no database. */
function userIdOf(
  auth: AuthService,
  token: string,
  clock: Clock,
): string | null {
  const nowSeconds = Math.floor(clock.now().getTime() / 1000);
  const v = verifyAccessToken(auth.tokenSettings, token, nowSeconds);
  return v.ok ? v.claims.sub : null;
}

/**
 * Refuses a socket cooling down after a flood, without an audit row (one per
 * attempt would be a write per reconnect, the amplification the cooldown is
 * there to stop), and only after a pause: a client that reconnects as soon
 * as it is refused then costs one handshake a second, not hundreds.
 */
async function refuseCoolingDown(next: (err?: Error) => void): Promise<void> {
  await sleep(SOCKET_RATE_LIMIT.cooldownRefusalDelayMs);
  const message =
    'This connection was closed for sending too many messages. Try again in a minute.';
  const err = new Error(message) as Error & { data?: unknown };
  err.data = { code: 'flood_cooldown', message };
  next(err);
}

export interface Signaling {
  io: Server;
  live: LiveChannel;
  close(): Promise<void>;
}

function allowedOrigins(o: SignalingOptions): Set<string> {
  const cfg = o.deps.config;
  const list = [...o.selfOrigins, ...(cfg.ALLOWED_ORIGINS ?? [])];
  if (cfg.PUBLIC_URL) list.push(new URL(cfg.PUBLIC_URL).origin);
  return new Set(list.map((u) => u.replace(/\/$/, '')));
}

/**
 * socket.io on the API's HTTP server. Browsers do not apply CORS to
 * WebSockets, so the Origin header is checked here; every connection, including
 * a recovered one, passes the authentication middleware.
 */
export async function createSignaling(o: SignalingOptions): Promise<Signaling> {
  const { deps } = o;
  const { logger, auth } = deps;
  const origins = allowedOrigins(o);
  let adapterClient: RedisClient | null = null;
  let closeAdapterDuplicates = () => {};
  if (deps.config.REDIS_URL) {
    adapterClient = await openRedis(
      deps.config.REDIS_URL,
      logger,
      'socket.io-adapter',
    );
    closeAdapterDuplicates = closableDuplicates(adapterClient);
  }

  const io = new Server<
    Record<string, (...a: any[]) => void>,
    ServerToClientEvents,
    Record<string, never>,
    SocketData
  >(o.http, {
    maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
    serveClient: false,
    pingInterval: 10_000,
    pingTimeout: 8_000,
    connectionStateRecovery: {
      maxDisconnectionDuration: deps.config.CALL_RECONNECT_GRACE_SECONDS * 1000,
      skipMiddlewares: false,
    },
    allowRequest: (req: IncomingMessage, callback) => {
      const origin = req.headers.origin;
      // Non-browser clients send no Origin; a browser always does, so a foreign one is refused.
      if (!origin || origins.has(origin)) return callback(null, true);
      logger.warn({ origin }, 'socket refused: origin not allowed');
      deps.audit
        .record({
          action: 'socket.origin_refused',
          outcome: 'denied',
          clientIp: req.socket.remoteAddress ?? null,
          details: { origin },
        })
        .catch(() => undefined);
      callback('origin not allowed', false);
    },
    ...(adapterClient
      ? {
          adapter: createAdapter(adapterClient, {
            streamName: `pa:io:${deploymentKey(deps.config, deps.db)}`,
          }),
        }
      : {}),
  });

  // With Redis every instance refuses a flooder; embedded, this one does.
  const cooldownMs = deps.config.SOCKET_FLOOD_COOLDOWN_SECONDS * 1000;
  const cooldown: FloodCooldowns = adapterClient
    ? new RedisFloodCooldown(
        adapterClient,
        `pa:flood:${deploymentKey(deps.config, deps.db)}:`,
        cooldownMs,
      )
    : new FloodCooldown(cooldownMs);
  const serverNow = () => deps.clock.now().getTime();
  // With Redis one count per address for every instance; embedded, this one's.
  const addressLimits = adapterClient
    ? new SharedAddressLimits(
        adapterClient,
        `pa:conn:${deploymentKey(deps.config, deps.db)}:`,
        addressPolicy(deps.config),
      )
    : undefined;
  io.use(limitConnectionsPerAddress({ ...deps, limits: addressLimits }));
  io.use(async (socket, next) => {
    const token =
      typeof socket.handshake.auth?.token === 'string'
        ? socket.handshake.auth.token
        : null;
    const fail = (code: string, message: string) => {
      deps.audit
        .record({
          action: 'socket.auth_refused',
          outcome: 'denied',
          clientIp: socket.handshake.address,
          details: { code },
        })
        .catch(() => undefined);
      const err = new Error(message) as Error & { data?: unknown };
      err.data = { code, message };
      next(err);
    };
    if (!token) return fail('unauthenticated', 'Please sign in to continue.');
    if (token.split('.').length === 3) {
      // A user cooling down after a flood is refused before any database
      // work, whichever session the token is of: the user is in the token.
      const userId = userIdOf(auth, token, deps.clock);
      if (userId && (await cooldown.has(userFloodKey(userId), serverNow())))
        return refuseCoolingDown(next);
      const r = await auth.authenticate(token);
      if (!r.ok)
        return fail(
          `token_${r.reason}`,
          r.reason === 'expired'
            ? 'Your session expired. Please sign in again.'
            : 'Please sign in again.',
        );
      socket.data = { identity: r.principal, expiresAt: r.expiresAt.getTime() };
      return next();
    }
    if (o.visitTokens) {
      const r = await o.visitTokens.verify(token);
      if (!r.ok)
        return fail(
          `visit_token_${r.reason}`,
          'This visit link is no longer valid. Ask your clinic for a new link.',
        );
      socket.data = { identity: r.visitor, expiresAt: r.expiresAt.getTime() };
      return next();
    }
    fail('token_invalid', 'Please sign in again.');
  });

  // After the identity is known (visitors; sessions are checked above,
  // before the database): one just disconnected for flooding is refused.
  io.use(async (socket, next) => {
    const key = floodKey(socket.data);
    if (!key || !(await cooldown.has(key, serverNow()))) return next();
    refuseCoolingDown(next);
  });

  io.on('connection', (socket: AppSocket) => {
    const id = socket.data.identity;
    if (id.kind === 'user') {
      socket.join([
        userRoom(id.userId),
        roleRoom(id.programId, id.role),
        sessionRoom(id.sessionId),
      ]);
    } else {
      socket.join(visitorRoom(id.participantId));
    }
    gateSocket(socket, { ...deps, cooldown });
    // Token expiry is in server time (deps.clock), as is every other deadline.
    const expiry = setTimeout(
      () => endSession(socket, 'expired'),
      Math.max(0, socket.data.expiresAt - deps.clock.now().getTime()),
    );
    expiry.unref();
    for (const m of o.modules) m.onConnection(socket, io);
    socket.on('disconnect', (reason) => {
      clearTimeout(expiry);
      for (const m of o.modules) m.onDisconnect?.(socket, reason);
    });
  });

  function endSession(
    socket: AppSocket,
    reason: 'expired' | 'revoked' | 'logout',
  ) {
    socket.emit('session:ended', { reason });
    socket.disconnect(true);
  }

  // Revocation that happened elsewhere (refresh-token reuse, a removed visitor) is caught within one interval.
  const checker = setInterval(async () => {
    const sockets: AppSocket[] = [...io.of('/').sockets.values()];
    const sessionIds = sockets.flatMap((s) =>
      s.data.identity?.kind === 'user' ? [s.data.identity.sessionId] : [],
    );
    // A failed check is not a revocation: keep everyone until the next one.
    const liveUsers = await auth.liveSessions(sessionIds).catch(() => null);
    for (const socket of sockets) {
      const id = socket.data.identity;
      if (!id) continue;
      const live =
        id.kind === 'user'
          ? !liveUsers || liveUsers.has(id.sessionId)
          : await (o.visitTokens?.isLive(id) ?? Promise.resolve(true)).catch(
              () => true,
            );
      if (!live) endSession(socket, 'revoked');
    }
  }, o.sessionCheckMs ?? 15_000);
  checker.unref();

  // socket.io cannot tie a generic event name to its payload type; the
  // LiveChannel signature already did, so the broadcast itself is untyped.
  type Broadcast = { emit(event: string, payload: unknown): boolean };
  const push = (to: Broadcast, event: PushEvent, payload: unknown) =>
    void to.emit(event, payload);
  const live: LiveChannel = {
    toUser: (userId, event, payload) =>
      push(io.to(userRoom(userId)), event, payload),
    // Several roles are one broadcast: across instances, one adapter message instead of one per role.
    toRole: (programId, role, event, payload) =>
      push(
        io.to(
          typeof role === 'string'
            ? roleRoom(programId, role)
            : role.map((r: Role) => roleRoom(programId, r)),
        ),
        event,
        payload,
      ),
    toRoom: (room, event, payload) => push(io.to(room), event, payload),
    disconnectSession: (sessionId) => {
      io.to(sessionRoom(sessionId)).emit('session:ended', { reason: 'logout' });
      io.in(sessionRoom(sessionId)).disconnectSockets(true);
    },
  };

  return {
    io,
    live,
    async close() {
      clearInterval(checker);
      // This instance's sockets only: through the adapter, io.disconnectSockets() would close every instance's.
      io.local.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await addressLimits?.close();
      closeAdapterDuplicates();
      if (adapterClient) await adapterClient.quit().catch(() => undefined);
    },
  };
}
