/**
 * What this instance remembers about sign-in limits the database has just
 * refused, so a guessing burst costs little more than parsing its requests:
 *
 * - a limit refused until time T is refused again from memory until T,
 *   without reserving in the database (the database stays the authority:
 *   memory only ever refuses what the database refused, never admits);
 * - one `auth.login_throttled` audit row per limit per minute, carrying how
 *   many refusals it stands for, instead of a write per refused guess.
 *
 * Bounded: expired entries are dropped once there are more than MAX_ENTRIES.
 * Time (epoch ms) is passed in.
 */
export interface RefusedLimit {
  scope: string;
  key: string;
}

interface Entry {
  until: number;
  auditedAt: number;
  /** Refusals since the last audit row. */
  unaudited: number;
}

const AUDIT_EVERY_MS = 60_000;
const MAX_ENTRIES = 10_000;
const id = (l: RefusedLimit) => `${l.scope}\u0000${l.key}`;

export class LoginRefusals {
  private readonly entries = new Map<string, Entry>();

  /** The first of these limits still refused, and for how many seconds. */
  refused(
    limits: readonly RefusedLimit[],
    now: number,
  ): { limit: RefusedLimit; retryAfterSeconds: number } | null {
    for (const limit of limits) {
      const e = this.entries.get(id(limit));
      if (e && e.until > now)
        return {
          limit,
          retryAfterSeconds: Math.max(1, Math.ceil((e.until - now) / 1000)),
        };
    }
    return null;
  }

  /** The database refused this limit for retryAfterSeconds. */
  remember(limit: RefusedLimit, retryAfterSeconds: number, now: number): void {
    const k = id(limit);
    const e = this.entries.get(k);
    const until = now + retryAfterSeconds * 1000;
    if (e) e.until = until;
    else {
      if (this.entries.size >= MAX_ENTRIES) this.prune(now);
      // Still full of live refusals: the database keeps refusing them.
      if (this.entries.size >= MAX_ENTRIES) return;
      this.entries.set(k, { until, auditedAt: -Infinity, unaudited: 0 });
    }
  }

  /**
   * Counts one refusal; returns how many refusals an audit row written now
   * stands for, or null when this limit was audited less than a minute ago.
   */
  auditDue(limit: RefusedLimit, now: number): number | null {
    const e = this.entries.get(id(limit));
    if (!e) return 1;
    e.unaudited++;
    if (now - e.auditedAt < AUDIT_EVERY_MS) return null;
    const n = e.unaudited;
    e.auditedAt = now;
    e.unaudited = 0;
    return n;
  }

  /** A success clears what this instance held against its own limit. */
  forget(limit: RefusedLimit): void {
    this.entries.delete(id(limit));
  }

  private prune(now: number) {
    for (const [k, e] of this.entries)
      if (e.until <= now && now - e.auditedAt >= AUDIT_EVERY_MS)
        this.entries.delete(k);
  }
}
