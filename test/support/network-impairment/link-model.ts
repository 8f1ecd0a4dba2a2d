/**
 * One direction of an impaired access link, as a pure model over time: a rate
 * limiter (a token bucket with one packet of burst, so packets leave back to
 * back at the link rate), a bounded queue in front of it (tail drop once a
 * packet would wait longer than `queueMs`), a one-way delay with jitter, and
 * random or bursty (Gilbert-Elliott) loss. No I/O: the relays ask it when
 * each packet arrives (`now`) and deliver at the time it answers.
 */
export type LossSpec =
  | { model: 'none' }
  | { model: 'random'; rate: number }
  /**
   * Two-state Gilbert-Elliott: every packet is lost in the bad state and none
   * in the good one; `rate` is the long-run loss and `meanBurst` the mean
   * number of packets lost in a row (so P(bad->good) = 1 / meanBurst).
   */
  | { model: 'bursty'; rate: number; meanBurst: number };

export interface LinkSpec {
  /** Link rate in kbit/s; unset: unlimited. */
  rateKbps?: number;
  /** One-way delay, ms. */
  delayMs: number;
  /** Each packet's delay varies uniformly by +-jitterMs/2 (order is kept). */
  jitterMs: number;
  loss: LossSpec;
  /** The longest a packet waits for the link before it is dropped, ms. */
  queueMs: number;
}

export const CLEAN_LINK: LinkSpec = {
  delayMs: 0,
  jitterMs: 0,
  loss: { model: 'none' },
  queueMs: 1000,
};

export interface LinkCounters {
  packets: number;
  bytes: number;
  lost: number;
  queueDrops: number;
}

/** A seeded PRNG (mulberry32), so a test run's losses are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class LinkModel {
  readonly counters: LinkCounters = {
    packets: 0,
    bytes: 0,
    lost: 0,
    queueDrops: 0,
  };
  /** When the link finishes sending what is already queued, ms. */
  private busyUntil = 0;
  private lastDelivery = 0;
  private bad = false;

  constructor(
    private spec: LinkSpec,
    private readonly random: () => number = Math.random,
  ) {}

  /**
   * A new setting applies to packets from now on (a running call's link turns
   * worse); counters restart.
   */
  reconfigure(spec: LinkSpec): void {
    this.spec = spec;
    Object.assign(this.counters, {
      packets: 0,
      bytes: 0,
      lost: 0,
      queueDrops: 0,
    });
  }

  /**
   * When the packet arrives at the far end (ms, same clock as `now`), or null
   * when it is lost.
   */
  offer(now: number, bytes: number): number | null {
    const s = this.spec;
    this.counters.packets++;
    let departs = now;
    if (s.rateKbps) {
      const start = Math.max(now, this.busyUntil);
      if (start - now > s.queueMs) {
        this.counters.queueDrops++;
        return null;
      }
      departs = start + (bytes * 8) / s.rateKbps;
      this.busyUntil = departs;
    }
    // Lost on the wire: it used the link's time all the same.
    if (this.lost()) {
      this.counters.lost++;
      return null;
    }
    this.counters.bytes += bytes;
    const jitter = s.jitterMs ? (this.random() - 0.5) * s.jitterMs : 0;
    const at = Math.max(departs + s.delayMs + jitter, this.lastDelivery);
    this.lastDelivery = at;
    return at;
  }

  private lost(): boolean {
    const l = this.spec.loss;
    if (l.model === 'none') return false;
    if (l.model === 'random') return this.random() < l.rate;
    const toGood = 1 / l.meanBurst;
    // Stationary P(bad) = p / (p + r) = rate, so p = rate * r / (1 - rate).
    const toBad = (l.rate * toGood) / (1 - l.rate);
    this.bad = this.bad ? this.random() >= toGood : this.random() < toBad;
    return this.bad;
  }
}
