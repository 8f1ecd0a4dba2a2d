import { EventEmitter } from 'node:events';
import type * as types from './mediasoup-api';
import type { Logger } from '../../logger';
import { pickLeastLoaded, type WorkerSlotLoad } from './worker-load';

export interface WorkerPoolOptions {
  /** Worker processes; one per core by default (each is single-threaded). */
  count: number;
  rtcMinPort: number;
  rtcMaxPort: number;
  listenIp: string;
  announcedAddress?: string;
  /** When set, each worker runs a WebRtcServer on port+index (UDP and TCP) instead of a port per transport. */
  webRtcServerPort?: number;
  /** Wait before replacing a dead worker; doubles per consecutive death of the slot, capped at 30 s. */
  respawnDelayMs?: number;
  logLevel?: types.WorkerLogLevel;
}

interface Slot extends WorkerSlotLoad {
  worker: types.Worker | null;
  webRtcServer: types.WebRtcServer | null;
  deaths: number;
  respawnTimer: NodeJS.Timeout | null;
}

export interface PlacedRouter {
  router: types.Router;
  workerIndex: number;
  webRtcServer: types.WebRtcServer | null;
}

export interface WorkerPoolEvents {
  /** A worker died: every router on it is gone. */
  workerdied: [index: number, error: Error];
  /** A replacement worker for the slot is up. */
  workerrespawned: [index: number];
}

/**
 * mediasoup workers, one per core, each a C++ process. New calls go to the
 * least-loaded live worker. A dead worker is replaced after a back-off; only
 * the calls on it are affected (the backend re-establishes them elsewhere).
 */
export class WorkerPool extends EventEmitter<WorkerPoolEvents> {
  private readonly slots: Slot[] = [];
  private closed = false;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly ms: types.MediasoupModule,
    private readonly o: WorkerPoolOptions,
    private readonly logger: Logger,
  ) {
    super();
  }

  async start(): Promise<void> {
    for (let index = 0; index < this.o.count; index++) {
      this.slots.push({
        index,
        alive: false,
        mediaObjects: 0,
        routers: 0,
        worker: null,
        webRtcServer: null,
        deaths: 0,
        respawnTimer: null,
      });
    }
    await Promise.all(this.slots.map((s) => this.spawn(s)));
  }

  /** A router for a new call on the least-loaded live worker; waits up to `waitMs` for a replacement if none is alive. */
  async createRouter(
    mediaCodecs: types.RouterRtpCodecCapability[],
    appData: Record<string, unknown>,
    waitMs = 10_000,
  ): Promise<PlacedRouter> {
    let slot = pickLeastLoaded(this.slots) as Slot | null;
    if (!slot) {
      await this.waitForLiveWorker(waitMs);
      slot = pickLeastLoaded(this.slots) as Slot | null;
      if (!slot) throw new Error('no mediasoup worker is alive');
    }
    const router = await slot.worker!.createRouter({ mediaCodecs, appData });
    slot.routers++;
    router.observer.once('close', () => slot.routers--);
    this.countMedia(slot, router);
    return { router, workerIndex: slot.index, webRtcServer: slot.webRtcServer };
  }

  /** Loads for monitoring and tests. */
  loads(): WorkerSlotLoad[] {
    return this.slots.map(({ index, alive, mediaObjects, routers }) => ({
      index,
      alive,
      mediaObjects,
      routers,
    }));
  }

  /** The worker process id of a slot (tests kill it to prove a death stays contained). */
  pidOf(index: number): number | null {
    return this.slots[index]?.worker?.pid ?? null;
  }

  close(): void {
    this.closed = true;
    for (const s of this.slots) {
      if (s.respawnTimer) clearTimeout(s.respawnTimer);
      s.alive = false;
      s.worker?.close();
    }
    for (const w of this.waiters) w();
  }

  private async spawn(slot: Slot): Promise<void> {
    const worker = await this.ms.createWorker({
      logLevel: this.o.logLevel ?? 'warn',
      rtcMinPort: this.o.rtcMinPort,
      rtcMaxPort: this.o.rtcMaxPort,
      appData: { index: slot.index },
    });
    if (this.closed) {
      worker.close();
      return;
    }
    slot.worker = worker;
    slot.webRtcServer = null;
    if (this.o.webRtcServerPort !== undefined) {
      const port = this.o.webRtcServerPort + slot.index;
      const base = {
        ip: this.o.listenIp,
        announcedAddress: this.o.announcedAddress,
        port,
      };
      slot.webRtcServer = await worker.createWebRtcServer({
        listenInfos: [
          { protocol: 'udp', ...base },
          { protocol: 'tcp', ...base },
        ],
      });
    }
    slot.alive = true;
    slot.mediaObjects = 0;
    slot.routers = 0;
    worker.once('died', (error) => this.onDied(slot, worker, error));
    for (const w of this.waiters) w();
  }

  private onDied(slot: Slot, worker: types.Worker, error: Error): void {
    if (slot.worker !== worker || this.closed) return;
    slot.alive = false;
    slot.worker = null;
    slot.webRtcServer = null;
    slot.deaths++;
    this.logger.error(
      { worker: slot.index, pid: worker.pid, err: error.message },
      'mediasoup worker died; its calls are being re-established',
    );
    this.emit('workerdied', slot.index, error);
    const delay = Math.min(
      (this.o.respawnDelayMs ?? 1000) * 2 ** (slot.deaths - 1),
      30_000,
    );
    slot.respawnTimer = setTimeout(() => {
      slot.respawnTimer = null;
      this.spawn(slot).then(
        () => {
          if (this.closed) return;
          this.logger.info({ worker: slot.index }, 'mediasoup worker replaced');
          this.emit('workerrespawned', slot.index);
        },
        (err: unknown) =>
          this.logger.error(
            {
              worker: slot.index,
              err: err instanceof Error ? err.message : String(err),
            },
            'mediasoup worker could not be replaced',
          ),
      );
    }, delay);
    slot.respawnTimer.unref();
  }

  /** Producers and consumers per worker, kept current through the router's observer. */
  private countMedia(slot: Slot, router: types.Router): void {
    const track = (o: {
      observer: { once(e: 'close', f: () => void): unknown };
    }) => {
      slot.mediaObjects++;
      o.observer.once('close', () => slot.mediaObjects--);
    };
    router.observer.on('newtransport', (t) => {
      t.observer.on('newproducer', track);
      t.observer.on('newconsumer', track);
    });
  }

  private waitForLiveWorker(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }
}
