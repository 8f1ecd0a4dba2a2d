import { TokenBucket } from './rate-limiter';

/** What to do with one incoming message. */
export type FloodVerdict = 'pass' | 'warn' | 'drop' | 'disconnect';

export interface FloodPolicy {
  perSecond: number;
  burst: number;
  /** At most one warning per this many ms; other dropped messages get none. */
  warnEveryMs: number;
  /** Warnings allowed before the socket is disconnected. */
  maxWarnings: number;
  /** A socket calm for this long starts again with no warnings. */
  calmMs: number;
  /**
   * Dropped messages after a warning, within one warning period, that end it
   * at once: a client this far over budget is not a burst but a flood, and
   * every message it sends costs the server a parse.
   */
  maxDropsPerWarning: number;
}

/**
 * A socket's message budget with escalation. Within budget a message passes;
 * over it the message is dropped, and the sender is warned at most once per
 * `warnEveryMs` (replying to every dropped message would let a flooder make
 * the server write as much as it reads). After `maxWarnings` warnings without
 * a calm spell, the next one is a disconnect. Time is passed in.
 */
export class FloodGuard {
  private readonly bucket: TokenBucket;
  private warnings = 0;
  private lastWarnAt = Number.NEGATIVE_INFINITY;
  private dropsSinceWarning = 0;

  constructor(
    private readonly policy: FloodPolicy,
    now: number,
  ) {
    this.bucket = new TokenBucket(policy.perSecond, policy.burst, now);
  }

  admit(now: number): FloodVerdict {
    if (this.bucket.take(now)) return 'pass';
    const sinceWarning = now - this.lastWarnAt;
    if (sinceWarning < this.policy.warnEveryMs)
      return ++this.dropsSinceWarning > this.policy.maxDropsPerWarning
        ? 'disconnect'
        : 'drop';
    if (sinceWarning >= this.policy.calmMs) this.warnings = 0;
    this.lastWarnAt = now;
    this.dropsSinceWarning = 0;
    this.warnings++;
    return this.warnings > this.policy.maxWarnings ? 'disconnect' : 'warn';
  }
}
