/** What the pool knows about one worker slot when choosing where a new call goes. */
export interface WorkerSlotLoad {
  index: number;
  alive: boolean;
  /** Producers + consumers on the worker: the cost that grows with media. */
  mediaObjects: number;
  /** Routers (calls) on the worker. */
  routers: number;
}

/**
 * A new call's expected cost before anyone has sent media: two people with
 * audio and video make four producers and four consumers. Counting it keeps a
 * burst of new calls from all landing on the same idle worker.
 */
export const NEW_CALL_WEIGHT = 8;

export function workerLoad(s: WorkerSlotLoad): number {
  return Math.max(s.mediaObjects, s.routers * NEW_CALL_WEIGHT);
}

/** The least-loaded live worker, lowest index on ties; null when none is alive. */
export function pickLeastLoaded(
  slots: readonly WorkerSlotLoad[],
): WorkerSlotLoad | null {
  let best: WorkerSlotLoad | null = null;
  for (const s of slots) {
    if (!s.alive) continue;
    if (!best || workerLoad(s) < workerLoad(best)) best = s;
  }
  return best;
}
