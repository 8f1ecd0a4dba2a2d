import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
} from 'prom-client';

/**
 * Numbers asked for at scrape time (queue, presence, calls, sockets, pool):
 * each returns rows of label values and a count. Labels are program ids,
 * bands, statuses and roles: never a patient or user id.
 */
export interface MetricSources {
  queueLength(): Promise<{ program: string; band: string; n: number }[]>;
  psychiatrists(): Promise<
    { program: string; availability: string; n: number }[]
  >;
  callsActive(): Promise<number>;
  sockets(): { kind: string; n: number }[];
  pool(): { total: number; idle: number; waiting: number } | null;
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const WAIT_SECONDS = [1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600];

/**
 * This server's Prometheus metrics, in a registry of its own (several
 * servers in one test process must not share one). Events are recorded as
 * they happen; gauges ask `MetricSources` at scrape time.
 */
export class Metrics {
  readonly registry = new Registry();
  private sources: Partial<MetricSources> = {};

  readonly http = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route template (not the URL) and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: SECONDS,
    registers: [this.registry],
  });
  readonly submitToOffer = new Histogram({
    name: 'queue_submit_to_offer_seconds',
    help: 'From a consult entering the line to each offer ringing.',
    buckets: WAIT_SECONDS,
    registers: [this.registry],
  });
  readonly offersClosed = new Counter({
    name: 'queue_offers_closed_total',
    help: 'Offers that ended without an accept, by outcome.',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly callSetup = new Histogram({
    name: 'call_setup_seconds',
    help: "From a consult's accept to its call's first media.",
    buckets: [1, 2, 5, 10, 20, 30, 60, 120, 300, 600],
    registers: [this.registry],
  });
  readonly dbQuery = new Histogram({
    name: 'db_query_duration_seconds',
    help: 'Database statement latency (a transaction is one observation).',
    labelNames: ['kind'],
    buckets: [0.0005, 0.001, 0.0025, ...SECONDS],
    registers: [this.registry],
  });
  readonly dbInFlight = new Gauge({
    name: 'db_queries_in_flight',
    help: 'Statements and transactions waiting for or holding a connection.',
    registers: [this.registry],
  });
  readonly billingRecompute = new Histogram({
    name: 'billing_recompute_seconds',
    help: 'Billing line recomputation, by scope.',
    labelNames: ['scope'],
    buckets: SECONDS,
    registers: [this.registry],
  });
  readonly callIcePaths = new Counter({
    name: 'call_media_paths_total',
    help: "Call participants by their media's ICE path, reported once per call: relay (TURN) or direct. Relay share = relay / all.",
    labelNames: ['path'],
    registers: [this.registry],
  });
  readonly socketFloods = new Counter({
    name: 'socket_flood_disconnects_total',
    help: 'Sockets disconnected for flooding after warnings.',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({
      register: this.registry,
      eventLoopMonitoringPrecision: 20,
    });
    const self = this;
    new Gauge({
      name: 'queue_length',
      help: 'Consults in line, by program and band.',
      labelNames: ['program', 'band'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const r of (await self.sources.queueLength?.()) ?? [])
          this.set({ program: r.program, band: r.band }, r.n);
      },
    });
    new Gauge({
      name: 'psychiatrists',
      help: 'Psychiatrists by program and availability.',
      labelNames: ['program', 'availability'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const r of (await self.sources.psychiatrists?.()) ?? [])
          this.set({ program: r.program, availability: r.availability }, r.n);
      },
    });
    new Gauge({
      name: 'calls_active',
      help: 'Calls open now.',
      registers: [this.registry],
      async collect() {
        this.set((await self.sources.callsActive?.()) ?? 0);
      },
    });
    new Gauge({
      name: 'sockets_connected',
      help: "Sockets connected to this instance, by the caller's kind.",
      labelNames: ['kind'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const r of self.sources.sockets?.() ?? [])
          this.set({ kind: r.kind }, r.n);
      },
    });
    new Gauge({
      name: 'db_pool_connections',
      help: 'PostgreSQL pool connections by state (absent on embedded PGlite).',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        this.reset();
        const p = self.sources.pool?.();
        if (!p) return;
        this.set({ state: 'total' }, p.total);
        this.set({ state: 'idle' }, p.idle);
        this.set({ state: 'waiting' }, p.waiting);
      },
    });
  }

  /** Sources become known as the server is built (sockets last). */
  provide(sources: Partial<MetricSources>): void {
    Object.assign(this.sources, sources);
  }

  /** Starts a timer; calling the result observes the elapsed seconds. */
  timeRecompute(scope: string): () => void {
    return this.billingRecompute.startTimer({ scope });
  }

  async render(): Promise<{ body: string; contentType: string }> {
    return {
      body: await this.registry.metrics(),
      contentType: this.registry.contentType,
    };
  }
}
