import type {
  Availability,
  DutyCounts,
  DutyRoster,
  LineView,
  LiveOffer,
  QueueEntry,
  QueueSnapshot,
  ReserveResult,
  WorkerState,
} from './queue-types';

/**
 * The live queue: the line, worker availability and connections, and offers
 * in flight. Two implementations the engine never tells apart: in-process
 * (one server) and Redis (several servers, atomic Lua scripts). Everything in
 * it can be rebuilt from PostgreSQL, and PostgreSQL has the last word.
 */
export interface QueueStore {
  readonly kind: 'memory' | 'redis';
  /** False once the store lost its data (Redis flushed or restarted): the engine rebuilds it. */
  isIntact(): Promise<boolean>;
  markIntact(): Promise<void>;

  /** Adds or replaces an entry; its `excluded` list replaces the stored one. */
  upsertEntry(e: QueueEntry): Promise<void>;
  removeEntry(programId: string, consultId: string): Promise<void>;
  exclude(consultId: string, workerId: string): Promise<void>;

  /** Profile always; availability and idle time only if not older than what the store has. */
  putWorker(w: WorkerState): Promise<void>;
  /** A change PostgreSQL recorded at `sinceMs`; ignored if the store already has a newer one, or does not know the worker. */
  setAvailability(
    userId: string,
    availability: Availability,
    sinceMs: number,
    idleSinceMs?: number,
  ): Promise<void>;
  /** This instance still holds sockets of these users: they count as connected until `untilMs`. */
  touchConnections(
    instanceId: string,
    userIds: readonly string[],
    untilMs: number,
  ): Promise<void>;
  /** This instance's last socket of the user closed at `atMs`. */
  dropConnection(
    instanceId: string,
    userId: string,
    atMs: number,
  ): Promise<void>;

  /** The line in order, the program's workers with connection state, and live offers. */
  snapshot(programId: string, nowMs: number): Promise<QueueSnapshot>;
  /** The line and its offers (PCP status pushes, many a second on a busy program). */
  lineView(programId: string): Promise<LineView>;
  /** Head counts of connected psychiatrists, available and on duty; reads every psychiatrist of the program. */
  dutyCounts(programId: string, nowMs: number): Promise<DutyCounts>;
  /**
   * What a dispatch round needs and nothing more: entries with no live offer
   * (in line order) and workers free to ring (available, connected, holding
   * no offer; none at all when no entry waits, the common case after an
   * accept or a completion); `offers` is empty. planOffers gives the same plan from it as
   * from the full snapshot, at a fraction of the cost on a busy program.
   */
  dispatchView(programId: string, nowMs: number): Promise<QueueSnapshot>;
  /**
   * What eligibleDutyIn counts, where the store holds it at hand: the asked
   * entries and the program's workers, read-only, without connection state
   * (the in-process store). Null where reading every worker would cost more
   * than PostgreSQL's count (Redis: over the wire).
   */
  dutyRoster(
    programId: string,
    consultIds: readonly string[],
  ): Promise<DutyRoster | null>;
  /**
   * Atomically records an offer if the entry is still in line, neither side holds
   * a live offer, the worker is available and connected and has not been tried.
   */
  reserve(offer: LiveOffer, nowMs: number): Promise<ReserveResult>;
  /** Puts back an offer PostgreSQL says is live (rebuild), without reserve's checks. */
  restoreOffer(offer: LiveOffer): Promise<void>;
  /** Removes the consult's live offer (only that offer when offerId is given); returns it. */
  release(consultId: string, offerId?: string): Promise<LiveOffer | null>;
  /** The worker's live offer, if any. */
  offerOf(workerId: string): Promise<LiveOffer | null>;
  /** Programs that have entries or workers. */
  programs(): Promise<string[]>;

  /** Drops everything (tests; what a Redis FLUSHALL does). */
  clear(): Promise<void>;
  close(): Promise<void>;
}
