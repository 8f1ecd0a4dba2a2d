import type { QueueDeps } from './queue-deps';
import type { QueueDispatcher } from './queue-dispatcher';
import { liveOffers, liveOffersTouching } from './queue-offer-repository';
import { livePrograms, loadEntries } from './queue-repository';
import { loadWorkers } from './worker-availability-repository';
import type { LiveOffer, QueueEntry, WorkerState } from './queue-types';

export interface QueueReconcilerDeps extends QueueDeps {
  dispatcher: QueueDispatcher;
  /** Stamps this instance's connected psychiatrists as present. */
  heartbeat: () => Promise<void>;
}

/**
 * Keeps the live store in agreement with PostgreSQL, the source of truth:
 * rebuilt whole when lost, reconciled per program on an interval, repaired
 * per pair when PostgreSQL refuses an offer the store allowed.
 */
export class QueueReconciler {
  /** Last time this instance rebuilt the store; connection stamps older than this are unknown, not stale. */
  rebuiltAtMs = 0;

  constructor(private readonly deps: QueueReconcilerDeps) {}

  /** Makes the store agree with PostgreSQL for every live program, then marks it intact. */
  async rebuild(): Promise<void> {
    const { store } = this.deps;
    const programs = new Set([
      ...(await livePrograms(this.deps.db)),
      ...(await store.programs()),
    ]);
    await Promise.all([...programs].map((p) => this.reconcile(p)));
    await store.markIntact();
    this.rebuiltAtMs = this.deps.clock.now().getTime();
    await this.deps.heartbeat();
    for (const p of programs) this.deps.dispatcher.kick(p);
  }

  /**
   * Store snapshot first, then PostgreSQL: whatever the snapshot shows was written
   * to PostgreSQL before, so a difference means the store is behind.
   */
  async reconcile(programId: string): Promise<void> {
    const { store, db, dispatcher } = this.deps;
    const now = this.deps.clock.now();
    const snap = await store.snapshot(programId, now.getTime());
    const [entries, offers, workers] = await Promise.all([
      loadEntries(db, { programId }, now),
      liveOffers(db, programId),
      loadWorkers(db, { programId }),
    ]);
    const waiting = new Set(entries.map((e) => e.consultId));
    const liveIds = new Set(offers.map((o) => o.offerId));
    const stored = new Set(snap.offers.map((o) => o.offerId));
    // Only what differs is written: on a quiet store a reconcile is reads alone, not a burst of writes every few seconds.
    const storedWorkers = new Map(snap.workers.map((w) => [w.userId, w]));
    const storedEntries = new Map(snap.entries.map((e) => [e.consultId, e]));
    await Promise.all([
      ...workers
        .filter((w) => !sameWorker(storedWorkers.get(w.userId), w))
        .map((w) => store.putWorker(w)),
      ...entries
        .filter((e) => !sameEntry(storedEntries.get(e.consultId), e))
        .map((e) => store.upsertEntry(e)),
      ...snap.entries
        .filter((e) => !waiting.has(e.consultId))
        .map((e) => store.removeEntry(programId, e.consultId)),
      // A reservation younger than 2 s may still be committing its PostgreSQL row.
      ...snap.offers
        .filter(
          (o) =>
            !liveIds.has(o.offerId) && now.getTime() - o.offeredAtMs > 2_000,
        )
        .map((o) => store.release(o.consultId, o.offerId)),
      ...offers
        .filter((o) => !stored.has(o.offerId))
        .map((o) => store.restoreOffer(o)),
    ]);
    for (const o of offers)
      if (!dispatcher.hasTimer(o.offerId)) dispatcher.armTimer(o);
  }

  /**
   * PostgreSQL refused an offer the store allowed: the store is behind on this
   * psychiatrist or this request (another instance just changed them). Bring
   * those two up to date, live offers included, so the next round does not plan
   * the same pair again; the periodic reconcile covers anything wider.
   */
  async repair(o: LiveOffer): Promise<void> {
    const { store, db, dispatcher } = this.deps;
    const [[worker], [entry], live] = await Promise.all([
      loadWorkers(db, { userId: o.workerId }),
      loadEntries(db, { consultId: o.consultId }, this.deps.clock.now()),
      liveOffersTouching(db, o.workerId, o.consultId),
    ]);
    if (worker) await store.putWorker(worker);
    if (entry) await store.upsertEntry(entry);
    else await store.removeEntry(o.programId, o.consultId);
    for (const l of live) {
      await store.restoreOffer(l);
      if (!dispatcher.hasTimer(l.offerId)) dispatcher.armTimer(l);
    }
  }
}

/** JSON with object keys sorted: an entry read back from Redis and one built from PostgreSQL list their keys in different orders. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(
          Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : x,
  );

/** The store holds this worker as PostgreSQL has them: profile, availability and its times. */
function sameWorker(stored: WorkerState | undefined, w: WorkerState): boolean {
  if (!stored) return false;
  const fields = (x: WorkerState) => [
    x.programId,
    x.displayName,
    x.specialties,
    x.licensedStates,
    x.licenseEndsMs ?? {},
    x.languages,
    x.availability,
    x.availabilitySinceMs,
    x.idleSinceMs,
  ];
  return JSON.stringify(fields(stored)) === JSON.stringify(fields(w));
}

/** The store holds this entry as PostgreSQL has it (the patient's age is computed on reading, so it is left out). */
function sameEntry(stored: QueueEntry | undefined, e: QueueEntry): boolean {
  if (!stored) return false;
  const fields = (x: QueueEntry) => ({
    ...x,
    excluded: [...x.excluded].sort(),
    summary: { ...x.summary, patientAgeYears: null },
  });
  return canonical(fields(stored)) === canonical(fields(e));
}
