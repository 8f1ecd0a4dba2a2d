import { createHash, randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { tooManyRequests, unauthorized } from '../errors';
import { findUserByEmail, findUserById, type User } from '../org/users';
import {
  signAccessToken,
  verifyAccessToken,
  type AccessTokenSettings,
} from './access-token';
import { clearAttempts, releaseAttempt } from './attempt-counter';
import { knownDeviceOf, mintKnownDevice } from './known-device';
import { deniedSignIn, LoginThrottle } from './login-throttle';
import { PasswordCheckProcess } from './password-check-process';
import { PasswordCheckQueue } from './password-check-queue';
import { dummyPasswordHash } from './passwords';
import type { Principal } from './roles';

export interface TokenPair {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  tokenType: 'Bearer';
}

export interface RequestOrigin {
  clientIp: string;
  requestId: string;
  /** The known-device cookie the browser sent, if any (sign-in only). */
  knownDevice?: string;
}

const hashToken = (t: string) => createHash('sha256').update(t).digest('hex');

/**
 * Logins, refresh-token rotation and session revocation. A session is one
 * login; each refresh token is single use, and presenting a used one again
 * (theft) revokes the whole session.
 */
export class AuthService {
  readonly tokenSettings: AccessTokenSettings;
  private readonly throttle: LoginThrottle;
  private readonly passwordChecks: PasswordCheckQueue;
  private readonly checker = new PasswordCheckProcess();

  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly config: Config,
  ) {
    // One core left for everything else (at least one check at a time).
    this.throttle = new LoginThrottle(db, audit, clock, config);
    this.passwordChecks = new PasswordCheckQueue(
      config.PASSWORD_CHECK_CONCURRENCY ??
        Math.max(1, availableParallelism() - 1),
    );
    this.tokenSettings = {
      secret: config.jwtSecret,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    };
  }

  /** Ends the password-check process (server shutdown). */
  close(): void {
    this.checker.close();
  }

  /**
   * Throws the 429 of a sign-in from a browser without a known-device cookie
   * that this instance refused moments ago, before any database work
   * (login-refusal-gate.ts); returns when it is not held.
   */
  refuseFromMemory(
    email: string,
    origin: Pick<RequestOrigin, 'clientIp' | 'requestId'>,
  ): Promise<void> {
    return this.throttle.refuseFromMemory(email.trim().toLowerCase(), origin);
  }

  async login(
    email: string,
    password: string,
    origin: RequestOrigin,
  ): Promise<{ user: User; tokens: TokenPair; knownDevice: string }> {
    const emailKey = email.trim().toLowerCase();
    if (!origin.knownDevice)
      await this.throttle.refuseFromMemory(emailKey, origin);
    const user = await findUserByEmail(this.db, emailKey);
    const device = user
      ? knownDeviceOf(this.config.jwtSecret, user.id, origin.knownDevice)
      : null;
    const limits = this.throttle.limits(emailKey, origin.clientIp, device);
    await this.throttle.reserve(limits, origin, user);
    const hash = user ? user.passwordHash : await dummyPasswordHash();
    const ok = await this.passwordChecks.run(origin.clientIp, () =>
      this.checker.verify(hash, password),
    );
    if (ok === 'busy') {
      // Not a guess that was checked: the attempt goes back to the counters.
      for (const l of limits) await releaseAttempt(this.db, l.scope, l.key);
      await sleep(this.config.LOGIN_REFUSAL_DELAY_MS);
      throw tooManyRequests(
        'Too many sign-ins from here at once. Try again in a moment.',
        1,
      );
    }
    if (!user || !ok || !user.active) {
      await this.db.query(
        'INSERT INTO login_failures (email_key, client_ip, at) VALUES ($1, $2, $3)',
        [emailKey, origin.clientIp, this.clock.now()],
      );
      await this.audit.record(
        deniedSignIn('auth.login_failed', user, origin, {
          reason: !user ? 'unknown_email' : !ok ? 'wrong_password' : 'inactive',
        }),
      );
      const refused = unauthorized(
        'The email or password is not correct.',
        'invalid_credentials',
      );
      refused.audited = true;
      throw refused;
    }
    const { passwordHash: _omit, ...publicUser } = user;
    const tokens = await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        'INSERT INTO sessions (user_id, client_ip, created_at) VALUES ($1, $2, $3) RETURNING id',
        [user.id, origin.clientIp, this.clock.now()],
      );
      const sessionId = rows[0]!.id;
      // This browser's own count starts over; the wider ones get the attempt back.
      const [own, ...wider] = limits;
      await clearAttempts(tx, own!.scope, own!.key);
      for (const l of wider) await releaseAttempt(tx, l.scope, l.key);
      this.throttle.forget(limits);
      await this.audit.record(
        {
          action: 'auth.login',
          userId: user.id,
          role: user.role,
          resourceType: 'session',
          resourceId: sessionId,
          requestId: origin.requestId,
          clientIp: origin.clientIp,
        },
        tx,
      );
      return this.issue(tx, user, sessionId);
    });
    return {
      user: publicUser,
      tokens,
      knownDevice:
        device && origin.knownDevice
          ? origin.knownDevice
          : mintKnownDevice(this.config.jwtSecret, user.id),
    };
  }

  async refresh(
    refreshToken: string,
    origin: RequestOrigin,
  ): Promise<TokenPair> {
    const now = this.clock.now();
    const outcome = await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{
        sessionId: string;
        expiresAt: Date;
        usedAt: Date | null;
        revokedAt: Date | null;
        userId: string;
      }>(
        `SELECT r.session_id AS "sessionId", r.expires_at AS "expiresAt", r.used_at AS "usedAt",
                s.revoked_at AS "revokedAt", s.user_id AS "userId"
           FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id
          WHERE r.token_hash = $1 FOR UPDATE OF r`,
        [hashToken(refreshToken)],
      );
      const row = rows[0];
      if (!row) return { kind: 'unknown' as const };
      if (row.revokedAt) return { kind: 'revoked' as const, row };
      if (row.usedAt) {
        // Reuse of a rotated token: someone else holds this family. End the session for everyone.
        await tx.query(
          `UPDATE sessions SET revoked_at = $2, revoked_reason = 'refresh_token_reuse' WHERE id = $1`,
          [row.sessionId, now],
        );
        await this.audit.record(
          {
            action: 'auth.refresh_reuse_detected',
            outcome: 'denied',
            userId: row.userId,
            resourceType: 'session',
            resourceId: row.sessionId,
            requestId: origin.requestId,
            clientIp: origin.clientIp,
          },
          tx,
        );
        return { kind: 'reused' as const, row };
      }
      if (row.expiresAt.getTime() <= now.getTime())
        return { kind: 'expired' as const, row };
      await tx.query(
        'UPDATE refresh_tokens SET used_at = $2 WHERE token_hash = $1',
        [hashToken(refreshToken), now],
      );
      const user = await findUserById(tx, row.userId);
      if (!user?.active) return { kind: 'inactive' as const, row };
      return {
        kind: 'ok' as const,
        tokens: await this.issue(tx, user, row.sessionId),
      };
    });
    if (outcome.kind === 'ok') return outcome.tokens;
    if (outcome.kind !== 'reused') {
      await this.audit.record({
        action: 'auth.refresh_refused',
        outcome: 'denied',
        userId: 'row' in outcome ? (outcome.row?.userId ?? null) : null,
        requestId: origin.requestId,
        clientIp: origin.clientIp,
        details: { reason: outcome.kind },
      });
    }
    throw unauthorized(
      'Your session has ended. Please sign in again.',
      'session_ended',
    );
  }

  async logout(principal: Principal, origin: RequestOrigin): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE sessions SET revoked_at = $2, revoked_reason = 'logout' WHERE id = $1 AND revoked_at IS NULL`,
        [principal.sessionId, this.clock.now()],
      );
      await this.audit.record(
        {
          action: 'auth.logout',
          userId: principal.userId,
          role: principal.role,
          resourceType: 'session',
          resourceId: principal.sessionId,
          requestId: origin.requestId,
          clientIp: origin.clientIp,
        },
        tx,
      );
    });
  }

  /** Verifies an access token and that its session is still live. */
  async authenticate(
    token: string,
  ): Promise<
    | { ok: true; principal: Principal; expiresAt: Date }
    | { ok: false; reason: 'expired' | 'invalid' | 'revoked' }
  > {
    const verified = verifyAccessToken(
      this.tokenSettings,
      token,
      Math.floor(this.clock.now().getTime() / 1000),
    );
    if (!verified.ok) return verified;
    const { rows } = await this.db.query<{
      revokedAt: Date | null;
      active: boolean;
      programId: string;
      practiceId: string | null;
      role: Principal['role'];
      displayName: string;
    }>(
      `SELECT s.revoked_at AS "revokedAt", u.active, u.program_id AS "programId", u.practice_id AS "practiceId", u.role, u.display_name AS "displayName"
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1 AND s.user_id = $2`,
      [verified.claims.sid, verified.claims.sub],
    );
    const row = rows[0];
    if (!row || row.revokedAt || !row.active)
      return { ok: false, reason: 'revoked' };
    return {
      ok: true,
      expiresAt: new Date(verified.claims.exp * 1000),
      principal: {
        kind: 'user',
        userId: verified.claims.sub,
        sessionId: verified.claims.sid,
        role: row.role,
        programId: row.programId,
        practiceId: row.practiceId,
        displayName: row.displayName,
      },
    };
  }

  /** Whether a session is still live (signaling re-checks sockets with this). */
  /** Which of these sessions are still live (exist, not revoked): one query for every socket of an instance. */
  async liveSessions(sessionIds: readonly string[]): Promise<Set<string>> {
    if (!sessionIds.length) return new Set();
    const { rows } = await this.db.query<{ id: string }>(
      'SELECT id FROM sessions WHERE id = ANY($1::uuid[]) AND revoked_at IS NULL',
      [[...new Set(sessionIds)]],
    );
    return new Set(rows.map((r) => r.id));
  }

  private async issue(
    tx: import('../db/database').Queryable,
    user: Pick<User, 'id' | 'role'>,
    sessionId: string,
  ): Promise<TokenPair> {
    const nowMs = this.clock.now().getTime();
    const access = signAccessToken(
      this.tokenSettings,
      { userId: user.id, sessionId, role: user.role },
      Math.floor(nowMs / 1000),
    );
    const refreshToken = randomBytes(32).toString('base64url');
    const refreshExpires = new Date(
      nowMs + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000,
    );
    await tx.query(
      'INSERT INTO refresh_tokens (token_hash, session_id, expires_at, created_at) VALUES ($1, $2, $3, $4)',
      [hashToken(refreshToken), sessionId, refreshExpires, new Date(nowMs)],
    );
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt.toISOString(),
      refreshToken,
      refreshTokenExpiresAt: refreshExpires.toISOString(),
      tokenType: 'Bearer',
    };
  }
}
