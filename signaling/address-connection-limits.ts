import { TokenBucket } from './rate-limiter';

/**
 * How many sockets one client address may hold and open (docs/security.md):
 * at most `maxOpen` at once, and new ones from a bucket of `burst` refilled
 * at `perMinute`. A clinic behind one NAT reconnecting everyone after a
 * network blip fits in the burst; a script opening sockets in a loop does not.
 */
export interface AddressConnectionPolicy {
  maxOpen: number;
  burst: number;
  perMinute: number;
}

export type ConnectVerdict =
  | { ok: true }
  | {
      ok: false;
      reason: 'too_many_open' | 'too_many_new';
      retryAfterSeconds: number;
      /** Refusals an audit row written now stands for; null: not due. */
      auditRefusals: number | null;
    };

interface Entry {
  open: number;
  bucket: TokenBucket;
  auditedAt: number;
  unaudited: number;
}

const AUDIT_EVERY_MS = 60_000;
const MAX_ENTRIES = 10_000;

/**
 * Per address: open sockets, the bucket of new ones, and when a refusal was
 * last audited (once a minute per address, with how many refusals the row
 * stands for: a write per refusal would be the amplification the limit is
 * there to stop). Time (epoch ms) is passed in. Bounded: entries with no
 * open socket are pruned once there are MAX_ENTRIES.
 */
export class AddressConnectionLimits {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly policy: AddressConnectionPolicy) {}

  /** A new socket from `address`: admitted (and counted open) or refused. */
  admit(address: string, now: number): ConnectVerdict {
    const e = this.entry(address, now);
    if (e.open >= this.policy.maxOpen)
      return this.refuse(e, 'too_many_open', now);
    if (!e.bucket.take(now)) return this.refuse(e, 'too_many_new', now);
    e.open++;
    return { ok: true };
  }

  /**
   * A refusal decided elsewhere (the count shared by every instance, see
   * shared-address-limits.ts): audited and answered like one made here.
   */
  refused(
    address: string,
    reason: 'too_many_open' | 'too_many_new',
    now: number,
  ): ConnectVerdict {
    return this.refuse(this.entry(address, now), reason, now);
  }

  /** Addresses with sockets open here, and how many. */
  *openAddresses(): Iterable<[string, number]> {
    for (const [address, e] of this.entries)
      if (e.open > 0) yield [address, e.open];
  }

  /** An admitted socket from `address` has closed. */
  closed(address: string): void {
    const e = this.entries.get(address);
    if (e && e.open > 0) e.open--;
  }

  /** Sockets counted open for `address` (tests, metrics). */
  openFrom(address: string): number {
    return this.entries.get(address)?.open ?? 0;
  }

  private refuse(
    e: Entry,
    reason: 'too_many_open' | 'too_many_new',
    now: number,
  ): ConnectVerdict {
    const retryAfterSeconds =
      reason === 'too_many_open' ? 60 : Math.ceil(60 / this.policy.perMinute);
    e.unaudited++;
    let auditRefusals: number | null = null;
    if (now - e.auditedAt >= AUDIT_EVERY_MS) {
      auditRefusals = e.unaudited;
      e.auditedAt = now;
      e.unaudited = 0;
    }
    return { ok: false, reason, retryAfterSeconds, auditRefusals };
  }

  private entry(address: string, now: number): Entry {
    let e = this.entries.get(address);
    if (e) return e;
    if (this.entries.size >= MAX_ENTRIES) this.prune(now);
    e = {
      open: 0,
      bucket: new TokenBucket(
        this.policy.perMinute / 60,
        this.policy.burst,
        now,
      ),
      auditedAt: Number.NEGATIVE_INFINITY,
      unaudited: 0,
    };
    this.entries.set(address, e);
    return e;
  }

  // An address with nothing open and no recent refusal starts afresh if it
  // comes back: at worst a full bucket again, never more open sockets.
  private prune(now: number) {
    for (const [k, e] of this.entries)
      if (e.open === 0 && now - e.auditedAt >= AUDIT_EVERY_MS)
        this.entries.delete(k);
  }
}

/**
 * The client's address as the HTTP app sees it (express `trust proxy`):
 * behind a trusted proxy, the left-most X-Forwarded-For entry (the proxy's
 * own loopback address would put every user in one bucket); otherwise the
 * TCP peer, so a forged header cannot escape the limit.
 */
export function socketClientAddress(
  handshake: {
    address: string;
    headers: Record<string, string | string[] | undefined>;
  },
  trustProxy: boolean,
): string {
  if (!trustProxy) return handshake.address;
  const raw = handshake.headers['x-forwarded-for'];
  const first = (Array.isArray(raw) ? raw[0] : raw)?.split(',')[0]?.trim();
  return first || handshake.address;
}
