import type { QueueStore } from './queue-store';
import type { Availability, LineView, LiveOffer, QueueEntry, QueueSnapshot, ReserveResult, WorkerState } from './queue-types';
import { orderLine } from './routing';

/** The live queue in this process: one server, no Redis. Each method is synchronous inside, so atomic. */
export class MemoryQueueStore implements QueueStore {
  readonly kind = 'memory' as const;
  private intact = false;
  private readonly entries = new Map<string, QueueEntry>();
  private readonly workers = new Map<string, WorkerState>();
  private readonly connections = new Map<string, Map<string, number>>();
  private readonly offersByConsult = new Map<string, LiveOffer>();
  private readonly offerByWorker = new Map<string, string>();

  async isIntact() {
    return this.intact;
  }
  async markIntact() {
    this.intact = true;
  }

  async upsertEntry(e: QueueEntry) {
    this.entries.set(e.consultId, { ...e, excluded: [...e.excluded] });
  }
  async removeEntry(_programId: string, consultId: string) {
    this.entries.delete(consultId);
  }
  async exclude(consultId: string, workerId: string) {
    const e = this.entries.get(consultId);
    if (e && !e.excluded.includes(workerId)) e.excluded.push(workerId);
  }

  async putWorker(w: WorkerState) {
    const had = this.workers.get(w.userId);
    const keep = had && had.availabilitySinceMs > w.availabilitySinceMs;
    this.workers.set(w.userId, keep ? { ...w, availability: had.availability, availabilitySinceMs: had.availabilitySinceMs, idleSinceMs: had.idleSinceMs } : { ...w });
  }
  async setAvailability(userId: string, availability: Availability, sinceMs: number, idleSinceMs?: number) {
    const w = this.workers.get(userId);
    if (!w || w.availabilitySinceMs > sinceMs) return;
    w.availability = availability;
    w.availabilitySinceMs = sinceMs;
    if (idleSinceMs !== undefined) w.idleSinceMs = idleSinceMs;
  }
  async touchConnections(instanceId: string, userIds: readonly string[], untilMs: number) {
    for (const u of userIds) {
      const m = this.connections.get(u) ?? new Map<string, number>();
      m.set(instanceId, untilMs);
      this.connections.set(u, m);
    }
  }
  async dropConnection(instanceId: string, userId: string, atMs: number) {
    this.connections.get(userId)?.set(instanceId, atMs);
  }

  async snapshot(programId: string, nowMs: number): Promise<QueueSnapshot> {
    const entries = orderLine([...this.entries.values()].filter((e) => e.programId === programId)).map((e) => ({ ...e, excluded: [...e.excluded] }));
    const workers = [...this.workers.values()]
      .filter((w) => w.programId === programId)
      .map((w) => {
        const seen = this.lastSeen(w.userId);
        return { ...w, connected: seen > nowMs, lastSeenMs: seen > nowMs ? null : seen };
      });
    const offers = [...this.offersByConsult.values()].filter((o) => o.programId === programId).map((o) => ({ ...o }));
    return { entries, workers, offers };
  }

  async lineView(programId: string, nowMs: number): Promise<LineView> {
    const entries = orderLine([...this.entries.values()].filter((e) => e.programId === programId)).map((e) => ({ ...e, excluded: [...e.excluded] }));
    const offers = [...this.offersByConsult.values()].filter((o) => o.programId === programId).map((o) => ({ ...o }));
    const duty = { available: 0, onDuty: 0 };
    for (const w of this.workers.values()) {
      if (w.programId !== programId || (w.availability !== 'available' && w.availability !== 'busy') || this.lastSeen(w.userId) <= nowMs) continue;
      duty.onDuty++;
      if (w.availability === 'available') duty.available++;
    }
    return { entries, offers, duty };
  }

  async dispatchView(programId: string, nowMs: number): Promise<QueueSnapshot> {
    const entries = orderLine([...this.entries.values()].filter((e) => e.programId === programId && !this.offersByConsult.has(e.consultId))).map((e) => ({ ...e, excluded: [...e.excluded] }));
    const workers = [];
    for (const w of this.workers.values()) {
      if (w.programId !== programId || w.availability !== 'available' || this.offerByWorker.has(w.userId) || this.lastSeen(w.userId) <= nowMs) continue;
      workers.push({ ...w, connected: true, lastSeenMs: null });
    }
    return { entries, workers, offers: [] };
  }

  private lastSeen(userId: string): number {
    let best = 0;
    for (const v of this.connections.get(userId)?.values() ?? []) if (v > best) best = v;
    return best;
  }

  async reserve(o: LiveOffer, nowMs: number): Promise<ReserveResult> {
    const entry = this.entries.get(o.consultId);
    if (!entry) return 'gone';
    if (this.offersByConsult.has(o.consultId)) return 'consult_busy';
    if (this.offerByWorker.has(o.workerId)) return 'worker_busy';
    const w = this.workers.get(o.workerId);
    if (!w || w.availability !== 'available') return 'worker_unavailable';
    if (!(this.lastSeen(o.workerId) > nowMs)) return 'worker_disconnected';
    if (entry.excluded.includes(o.workerId)) return 'excluded';
    this.offersByConsult.set(o.consultId, { ...o });
    this.offerByWorker.set(o.workerId, o.consultId);
    return 'ok';
  }

  async restoreOffer(o: LiveOffer) {
    this.offersByConsult.set(o.consultId, { ...o });
    this.offerByWorker.set(o.workerId, o.consultId);
  }

  async release(consultId: string, offerId?: string): Promise<LiveOffer | null> {
    const o = this.offersByConsult.get(consultId);
    if (!o || (offerId && o.offerId !== offerId)) return null;
    this.offersByConsult.delete(consultId);
    if (this.offerByWorker.get(o.workerId) === consultId) this.offerByWorker.delete(o.workerId);
    return o;
  }

  async offerOf(workerId: string): Promise<LiveOffer | null> {
    const c = this.offerByWorker.get(workerId);
    return c ? (this.offersByConsult.get(c) ?? null) : null;
  }

  async programs(): Promise<string[]> {
    return [...new Set([...[...this.entries.values()].map((e) => e.programId), ...[...this.workers.values()].map((w) => w.programId)])];
  }

  async clear() {
    this.intact = false;
    for (const m of [this.entries, this.workers, this.connections, this.offersByConsult, this.offerByWorker]) m.clear();
  }
  async close() {}
}
