import { randomUUID } from 'node:crypto';
import type { Config } from '../config';
import type { QueueDeps } from './queue-deps';
import { QueueDispatcher } from './queue-dispatcher';
import { QueueLine } from './queue-line';
import { QueueOffers } from './queue-offers';
import { QueuePresence } from './queue-presence';
import { QueueReconciler } from './queue-reconciler';
import { QueueStatusBroadcaster } from './queue-status-broadcaster';
import type { QueueStore } from './queue-store';
import { QueueSweeper } from './queue-sweeper';
import type { QueueSnapshot } from './queue-types';

export type QueueSettings = Pick<
  Config,
  'QUEUE_SWEEP_MS' | 'QUEUE_PRESENCE_GRACE_MS'
>;

/**
 * The consult queue: dispatches waiting requests to eligible psychiatrists one
 * offer at a time, and carries out accept, decline, timeout, cancel, presence
 * and escalation. Every change is written to PostgreSQL first (conditional
 * updates and unique indexes decide races); the store mirrors it for fast
 * routing and is rebuilt from PostgreSQL whenever it is lost.
 */
export interface Queue {
  readonly instanceId: string;
  readonly store: QueueStore;
  readonly dispatcher: QueueDispatcher;
  readonly offers: QueueOffers;
  readonly line: QueueLine;
  readonly presence: QueuePresence;
  readonly status: QueueStatusBroadcaster;
  /** Rebuilds the store from PostgreSQL, then sweeps on an interval. */
  start(): Promise<void>;
  stop(): Promise<void>;
  kick(programId: string): void;
  snapshot(programId: string): Promise<QueueSnapshot>;
}

/** Builds the queue's parts, each with what it uses. */
export function createQueue(
  deps: Omit<QueueDeps, 'stopped'> & { config: QueueSettings },
): Queue {
  const instanceId = randomUUID();
  let stopped = false;
  const base: QueueDeps = { ...deps, stopped: () => stopped };
  const sweepMs = deps.config.QUEUE_SWEEP_MS;
  // Generous: a busy event loop must not make a connected psychiatrist look gone.
  const connectionTtlMs = Math.max(5 * sweepMs, 5_000);
  const status = new QueueStatusBroadcaster(base);
  const dutyChanged = (programId: string) => status.dutyChanged(programId);
  // The dispatcher's timer and refusal hand back to parts built after it;
  // both run only once the queue has started.
  const dispatcher: QueueDispatcher = new QueueDispatcher({
    ...base,
    expire: (offerId) => offers.expireOffer(offerId),
    repair: (offer) => reconciler.repair(offer),
  });
  const line = new QueueLine({ ...base, dispatcher });
  const offers = new QueueOffers({ ...base, dispatcher, dutyChanged });
  const presence = new QueuePresence({
    ...base,
    instanceId,
    connectionTtlMs,
    dispatcher,
    line,
    dutyChanged,
  });
  const reconciler = new QueueReconciler({
    ...base,
    dispatcher,
    heartbeat: () => presence.heartbeat(),
  });
  const sweeper = new QueueSweeper({
    ...base,
    instanceId,
    sweepMs,
    graceMs: deps.config.QUEUE_PRESENCE_GRACE_MS,
    dispatcher,
    reconciler,
    offers,
    line,
    presence,
  });
  return {
    instanceId,
    store: deps.store,
    dispatcher,
    offers,
    line,
    presence,
    status,
    async start() {
      await reconciler.rebuild();
      sweeper.start();
    },
    async stop() {
      stopped = true;
      await sweeper.stop();
      await dispatcher.stop();
      status.stop();
      await deps.store.close();
    },
    kick: (programId) => dispatcher.kick(programId),
    snapshot: (programId) =>
      deps.store.snapshot(programId, deps.clock.now().getTime()),
  };
}
