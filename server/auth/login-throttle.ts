import { setTimeout as sleep } from 'node:timers/promises';
import type { AuditEntry, AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { tooManyRequests } from '../errors';
import type { User } from '../org/users';
import { reserveAttempt, type AttemptLimit } from './attempt-counter';
import { LoginRefusals, type RefusedLimit } from './login-refusals';

/** Where an attempt came from (RequestOrigin in auth-service). */
interface Origin {
  clientIp: string;
  requestId: string;
}

/** The audit row of a refused or suspicious sign-in attempt. */
export function deniedSignIn(
  action: string,
  user: Pick<User, 'id' | 'role'> | null,
  origin: Origin,
  details: Record<string, unknown>,
): AuditEntry {
  return {
    action,
    outcome: 'denied',
    userId: user?.id ?? null,
    role: user?.role ?? null,
    requestId: origin.requestId,
    clientIp: origin.clientIp,
    details,
  };
}

/**
 * The sign-in limits (docs/security.md): which counters an attempt is
 * reserved against, the database reservation, and the refusal (from memory
 * when the database refused moments ago, audited once a minute, answered
 * after a pause).
 */
export class LoginThrottle {
  private readonly refusals = new LoginRefusals();

  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly config: Config,
  ) {}

  /**
   * A browser without a known-device cookie, refused moments ago: refused
   * again before any database work (its limits do not depend on the user).
   */
  async refuseFromMemory(emailKey: string, origin: Origin): Promise<void> {
    const limits = this.limits(emailKey, origin.clientIp, null);
    const held = this.refusals.refused(limits, this.clock.now().getTime());
    if (held)
      await this.refuse(held.limit, held.retryAfterSeconds, origin, null);
  }

  /** A success: this instance holds nothing against these limits any more. */
  forget(limits: readonly AttemptLimit[]): void {
    for (const l of limits) this.refusals.forget(l);
  }

  /**
   * The sign-in limits for one attempt, the attempt's own pair first (see
   * docs/security.md). Each is reserved by one conditional statement before
   * the password is checked, so concurrent guesses cannot exceed them.
   * - account and address (or account and known device): LOGIN_MAX_FAILURES,
   *   then one attempt per doubling delay from a minute up to the window;
   * - a browser not known to the account: at most 10x that per account and
   *   20x per address, against guessing spread over many addresses or
   *   accounts. A known device is never held by these two.
   */
  limits(
    emailKey: string,
    clientIp: string,
    device: string | null,
  ): AttemptLimit[] {
    const windowSeconds = this.config.LOGIN_WINDOW_SECONDS;
    const max = this.config.LOGIN_MAX_FAILURES;
    const from = device ? `device:${device}` : `address:${clientIp}`;
    const own: AttemptLimit = {
      scope: 'login:pair',
      key: `${emailKey} ${from}`,
      limit: max,
      windowSeconds,
      backoffSeconds: 60,
    };
    if (device) return [own];
    return [
      own,
      { scope: 'login:account', key: emailKey, limit: max * 10, windowSeconds },
      { scope: 'login:address', key: clientIp, limit: max * 20, windowSeconds },
    ];
  }

  async reserve(
    limits: AttemptLimit[],
    origin: Origin,
    user: Pick<User, 'id' | 'role'> | null,
  ): Promise<void> {
    const now = this.clock.now();
    // Refused moments ago: refused again without reserving in the database.
    const held = this.refusals.refused(limits, now.getTime());
    if (held)
      return this.refuse(held.limit, held.retryAfterSeconds, origin, user);
    for (const limit of limits) {
      const r = await reserveAttempt(this.db, limit, now);
      if (r.ok) {
        // The attempt that fills an account-wide or address-wide limit: tell the admins once.
        if (limit.scope !== 'login:pair' && r.attempts === limit.limit)
          await this.audit.record(
            deniedSignIn('security.login_guessing_alert', user, origin, {
              limit: limit.scope,
              attempts: r.attempts,
            }),
          );
        continue;
      }
      this.refusals.remember(limit, r.retryAfterSeconds, now.getTime());
      return this.refuse(limit, r.retryAfterSeconds, origin, user);
    }
  }

  /**
   * A refused guess: audited once a minute per limit (with how many refusals
   * the row stands for), and answered only after LOGIN_REFUSAL_DELAY_MS, so
   * a guesser that waits for answers (as HTTP clients do) is slowed to a
   * trickle instead of costing the server a request per round trip.
   */
  async refuse(
    limit: RefusedLimit,
    retryAfterSeconds: number,
    origin: Origin,
    user: Pick<User, 'id' | 'role'> | null,
  ): Promise<never> {
    const refusals = this.refusals.auditDue(limit, this.clock.now().getTime());
    if (refusals !== null)
      await this.audit.record(
        deniedSignIn('auth.login_throttled', user, origin, {
          limit: limit.scope,
          retryAfterSeconds,
          refusals,
        }),
      );
    if (this.config.LOGIN_REFUSAL_DELAY_MS > 0)
      await sleep(this.config.LOGIN_REFUSAL_DELAY_MS);
    throw tooManyRequests(
      'Too many failed sign-in attempts from here. Wait a little and try again, or ask an administrator to help.',
      retryAfterSeconds,
    );
  }
}
