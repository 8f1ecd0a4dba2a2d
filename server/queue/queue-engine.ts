import { randomUUID } from 'node:crypto';
import { auditInsert } from '../audit/audit-log';
import type { Principal } from '../auth/roles';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { SYSTEM_ACTOR, type Actor, type Consult } from '../consults/consult';
import type {
  ConsultLifecycle,
  ConsultTransition,
  TransitionTx,
} from '../consults/consult-lifecycle';
import type { Database } from '../db/database';
import { AppError, badRequest } from '../errors';
import type { LiveChannel } from '../live/live-channel';
import type { Logger } from '../logger';
import type { ProgramSettingsService } from '../programs/program-settings-service';
import { TtlCache } from '../cache/ttl-cache';
import type {
  OfferEvent,
  OfferWithdrawnEvent,
} from '../../signaling/protocol/queue-events';
import { MemoryQueueStore } from './memory-queue-store';
import type { QueueStore } from './queue-store';
import {
  acceptGuard,
  availabilityUpsert,
  closeOffer,
  liveOfferOf,
  liveOffers,
  liveOffersTouching,
  livePrograms,
  loadEntries,
  loadWorkers,
  offerGuard,
  offerNotLive,
  queueEntry,
  serviceStats,
  writeAvailability,
} from './queue-repository';
import { buildStatus, type StatusInput } from './queue-status';
import type {
  Availability,
  DutyCounts,
  LiveOffer,
  QueueEntry,
  QueueSnapshot,
  StatusLine,
  WorkerState,
} from './queue-types';
import { planOffers, type PlannedOffer } from './routing';
import type { ServiceStats } from './wait-estimate';
import { QueueSweeper } from './queue-sweeper';

export interface QueueEngineDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  live: LiveChannel;
  config: Config;
  lifecycle: ConsultLifecycle;
  settings: ProgramSettingsService;
  /** Opens the live store (memory or Redis) when the queue starts. */
  store: () => Promise<QueueStore>;
}

const STAFF_ROLES = ['coordinator', 'admin'] as const;
const actorOf = (p: Principal): Actor => ({ userId: p.userId, role: p.role });
const isUniqueViolation = (err: unknown) =>
  (err as { code?: string })?.code === '23505';

/**
 * The consult queue: dispatches waiting requests to eligible psychiatrists one
 * offer at a time, and carries out accept, decline, timeout, cancel, presence
 * and escalation. Every change is written to PostgreSQL first (conditional
 * updates and unique indexes decide races); the store mirrors it for fast
 * routing and is rebuilt from PostgreSQL whenever it is lost.
 */
export class QueueEngine {
  readonly instanceId = randomUUID();
  store: QueueStore = new MemoryQueueStore();
  readonly sweepMs: number;
  readonly graceMs: number;
  readonly connectionTtlMs: number;
  /** This instance's sockets per psychiatrist. */
  private readonly sockets = new Map<
    string,
    { programId: string; ids: Set<string> }
  >();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly dispatchers = new Map<
    string,
    { running: boolean; dirty: boolean }
  >();
  /** Offers reserved in the store whose PostgreSQL write is in flight. */
  private readonly commits = new Set<Promise<void>>();
  private readonly statusTimers = new Map<string, NodeJS.Timeout>();
  private readonly lastBroadcast = new Map<string, number>();
  private readonly stats = new TtlCache<ServiceStats>(30_000);
  /** Names change rarely, and every status push of an assigned consult shows one. */
  private readonly names = new TtlCache<{
    id: string;
    displayName: string;
  } | null>(60_000, 5_000);
  /**
   * Duty counts read every psychiatrist of the program, and every status push
   * with an estimate needs them: kept a second. A change a person makes
   * (availability chosen, connecting, going offline) drops them on this
   * instance at once; the busy/available flips of each consult only nudge the
   * estimate, and wait the second out.
   */
  private readonly duty = new TtlCache<DutyCounts>(1_000);
  private readonly sweeper: QueueSweeper;
  /** Last time this instance rebuilt the store; connection stamps older than this are unknown, not stale. */
  rebuiltAtMs = 0;
  stopped = false;

  constructor(readonly d: QueueEngineDeps) {
    this.sweepMs = d.config.QUEUE_SWEEP_MS;
    this.graceMs = d.config.QUEUE_PRESENCE_GRACE_MS;
    // Generous: a busy event loop must not make a connected psychiatrist look gone.
    this.connectionTtlMs = Math.max(5 * this.sweepMs, 5_000);
    this.sweeper = new QueueSweeper(this);
    d.lifecycle.onTransition((t) => this.onTransition(t));
  }

  async start(): Promise<void> {
    this.store = await this.d.store();
    await this.rebuild();
    this.sweeper.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.sweeper.stop();
    await Promise.allSettled([...this.commits]);
    for (const t of [...this.timers.values(), ...this.statusTimers.values()])
      clearTimeout(t);
    await this.store.close();
  }

  now(): Date {
    return this.d.clock.now();
  }

  // ---- Rebuild from PostgreSQL -------------------------------------------------------------

  /** Makes the store agree with PostgreSQL for every live program, then marks it intact. */
  async rebuild(): Promise<void> {
    const programs = new Set([
      ...(await livePrograms(this.d.db)),
      ...(await this.store.programs()),
    ]);
    await Promise.all([...programs].map((p) => this.reconcile(p)));
    await this.store.markIntact();
    this.rebuiltAtMs = this.now().getTime();
    await this.heartbeat();
    for (const p of programs) this.kick(p);
  }

  /**
   * Store snapshot first, then PostgreSQL: whatever the snapshot shows was written
   * to PostgreSQL before, so a difference means the store is behind.
   */
  async reconcile(programId: string): Promise<void> {
    const now = this.now();
    const snap = await this.store.snapshot(programId, now.getTime());
    const [entries, offers, workers] = await Promise.all([
      loadEntries(this.d.db, { programId }, now),
      liveOffers(this.d.db, programId),
      loadWorkers(this.d.db, { programId }),
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
        .map((w) => this.store.putWorker(w)),
      ...entries
        .filter((e) => !sameEntry(storedEntries.get(e.consultId), e))
        .map((e) => this.store.upsertEntry(e)),
      ...snap.entries
        .filter((e) => !waiting.has(e.consultId))
        .map((e) => this.store.removeEntry(programId, e.consultId)),
      // A reservation younger than 2 s may still be committing its PostgreSQL row.
      ...snap.offers
        .filter(
          (o) =>
            !liveIds.has(o.offerId) && now.getTime() - o.offeredAtMs > 2_000,
        )
        .map((o) => this.store.release(o.consultId, o.offerId)),
      ...offers
        .filter((o) => !stored.has(o.offerId))
        .map((o) => this.store.restoreOffer(o)),
    ]);
    for (const o of offers) if (!this.timers.has(o.offerId)) this.armTimer(o);
  }

  /**
   * PostgreSQL refused an offer the store allowed: the store is behind on this
   * psychiatrist or this request (another instance just changed them). Bring
   * those two up to date, live offers included, so the next round does not plan
   * the same pair again; the periodic reconcile covers anything wider.
   */
  private async repair(o: LiveOffer): Promise<void> {
    const [[worker], [entry], live] = await Promise.all([
      loadWorkers(this.d.db, { userId: o.workerId }),
      loadEntries(this.d.db, { consultId: o.consultId }, this.now()),
      liveOffersTouching(this.d.db, o.workerId, o.consultId),
    ]);
    if (worker) await this.store.putWorker(worker);
    if (entry) await this.store.upsertEntry(entry);
    else await this.store.removeEntry(o.programId, o.consultId);
    for (const l of live) {
      await this.store.restoreOffer(l);
      if (!this.timers.has(l.offerId)) this.armTimer(l);
    }
  }

  /** Stamps this instance's connected psychiatrists as present for another TTL. */
  async heartbeat(): Promise<void> {
    await this.store.touchConnections(
      this.instanceId,
      [...this.sockets.keys()],
      this.now().getTime() + this.connectionTtlMs,
    );
  }

  // ---- Dispatch ----------------------------------------------------------------------------

  /** Asks for a dispatch round of a program; rounds never overlap on one instance. */
  kick(programId: string): void {
    if (this.stopped) return;
    let d = this.dispatchers.get(programId);
    if (!d)
      this.dispatchers.set(programId, (d = { running: false, dirty: false }));
    if (d.running) {
      d.dirty = true;
      return;
    }
    d.running = true;
    const state = d;
    void (async () => {
      let retries = 0;
      try {
        do {
          state.dirty = false;
          const conflicted = await this.dispatchOnce(programId);
          // A lost race means someone else moved; look again, but not forever.
          if (conflicted && retries++ < 3) state.dirty = true;
        } while (state.dirty && !this.stopped);
      } catch (err) {
        if (!this.stopped)
          this.d.logger.error({ err, programId }, 'dispatch failed');
      } finally {
        state.running = false;
      }
    })();
  }

  /**
   * One round: plan from the store, reserve each pair there (atomic), then let
   * PostgreSQL commit the offers without holding up the next round: a
   * reservation keeps its pair out of later plans while it commits.
   */
  private async dispatchOnce(programId: string): Promise<boolean> {
    const settings = await this.d.settings.queue(programId);
    const now = this.now();
    const plan = planOffers(
      await this.store.dispatchView(programId, now.getTime()),
      settings,
      now.getTime(),
    );
    const reserved = await Promise.all(
      plan.map(async (p) => {
        const offer = newOffer(p, settings.offerTimeoutSeconds, now);
        return (await this.store.reserve(offer, now.getTime())) === 'ok'
          ? { p, offer }
          : null;
      }),
    );
    for (const r of reserved) {
      if (!r) continue;
      const commit = this.commitOffer(r.p, r.offer, now).finally(() =>
        this.commits.delete(commit),
      );
      this.commits.add(commit);
    }
    return reserved.some((r) => !r);
  }

  private async commitOffer(
    p: PlannedOffer,
    offer: LiveOffer,
    now: Date,
  ): Promise<void> {
    try {
      // One statement: the offer row and the consult's move are written together or not at all.
      await this.d.lifecycle.runStatement(now, (t) =>
        t.move(offer.consultId, 'offered', SYSTEM_ACTOR, 'offer_made', {
          expect: ['queued'],
          guard: offerGuard(offer),
          details: { offerId: offer.offerId, psychiatristId: offer.workerId },
        }),
      );
    } catch (err) {
      if (!(err instanceof AppError) && !isUniqueViolation(err))
        this.d.logger.error(
          { err, consultId: offer.consultId },
          'offer failed',
        );
      await this.store
        .release(offer.consultId, offer.offerId)
        .catch(() => undefined);
      await this.repair(offer).catch(() => undefined);
      this.kick(offer.programId);
      return;
    }
    this.armTimer(offer);
    this.d.live.toUser(
      offer.workerId,
      'queue:offer',
      offerEvent(p.entry, offer),
    );
  }

  private armTimer(o: LiveOffer): void {
    this.clearTimer(o.offerId);
    const t = setTimeout(
      () => {
        this.timers.delete(o.offerId);
        this.expireOffer(o.offerId).catch((err) =>
          this.d.logger.error(
            { err, offerId: o.offerId },
            'offer timeout failed',
          ),
        );
      },
      Math.max(0, o.expiresAtMs - this.now().getTime()) + 10,
    );
    t.unref();
    this.timers.set(o.offerId, t);
  }

  private clearTimer(offerId: string): void {
    const t = this.timers.get(offerId);
    if (t) clearTimeout(t);
    this.timers.delete(offerId);
  }

  // ---- Offer outcomes ----------------------------------------------------------------------

  async accept(
    p: Principal,
    offerId: string,
  ): Promise<{ consultId: string; status: 'accepted' }> {
    const now = this.now();
    // One statement: the offer closes, the consult is assigned, the psychiatrist is busy and it is audited, or none of it.
    let c: Consult;
    try {
      ({ result: c } = await this.d.lifecycle.runStatement(now, (t) =>
        t.move({ ofOffer: offerId }, 'accepted', actorOf(p), 'offer_accepted', {
          expect: ['offered'],
          set: {
            assigned_psychiatrist_id: p.userId,
            accepted_at: now,
            front_of_line: false,
          },
          details: { offerId },
          guard: acceptGuard(offerId, p.userId, now),
          alongside: [
            availabilityUpsert(
              {
                userId: p.userId,
                programId: p.programId,
                status: 'busy',
                reason: 'in_consult',
                now,
              },
              'upd',
            ),
            auditInsert(
              {
                action: 'consult.accept',
                userId: p.userId,
                role: p.role,
                resourceType: 'consult',
              },
              {
                source: 'upd',
                patientId: 'upd."patientId"',
                resourceId: 'upd.id',
              },
            ),
          ],
        }),
      ));
    } catch (err) {
      // Whatever moved first (another psychiatrist, a cancel, the timeout), for this psychiatrist the offer is gone.
      if (err instanceof AppError && err.status !== 500) throw offerNotLive();
      throw err;
    }
    this.clearTimer(offerId);
    // Busy before the offer is released: in between, another instance must not see them free.
    // Issued together, they still reach the store in this order (one connection, commands in call order).
    await Promise.all([
      this.store.setAvailability(p.userId, 'busy', now.getTime()),
      this.store.removeEntry(c.programId, c.id),
      this.store.release(c.id, offerId),
    ]);
    this.d.live.toUser(p.userId, 'queue:availability', {
      status: 'busy',
      reason: 'in_consult',
    });
    this.kick(c.programId);
    return { consultId: c.id, status: 'accepted' };
  }

  async decline(p: Principal, offerId: string, reason: string): Promise<void> {
    const now = this.now();
    const { result: o } = await this.d.lifecycle.run(now, async (t) => {
      const offer = await closeOffer(
        t.q,
        { offerId, psychiatristId: p.userId },
        'declined',
        reason,
        now,
      );
      if (!offer) throw offerNotLive();
      await t.move(offer.consultId, 'queued', actorOf(p), 'offer_declined', {
        expect: ['offered'],
        details: { offerId },
      });
      return offer;
    });
    await this.afterOfferClosed(o, 'declined', true);
  }

  /** Timer or sweep: an offer rang out. Exactly one instance wins the conditional update. */
  async expireOffer(offerId: string): Promise<void> {
    if (this.stopped) return;
    const now = this.now();
    const { result } = await this.d.lifecycle.run(now, async (t) => {
      const o = await closeOffer(
        t.q,
        { offerId, expiredBy: now },
        'timed_out',
        'no_answer',
        now,
      );
      if (!o) return null;
      await t.move(o.consultId, 'queued', SYSTEM_ACTOR, 'offer_timed_out', {
        expect: ['offered'],
        details: { offerId },
      });
      const settings = await this.d.settings.queue(o.programId);
      const away = settings.awayAfterMissedOffer
        ? await writeAvailability(t.q, {
            userId: o.workerId,
            programId: o.programId,
            status: 'away',
            reason: 'missed_offer',
            now,
            onlyFrom: ['available'],
          })
        : null;
      return { o, away };
    });
    if (!result) return;
    if (result.away) {
      await this.store.setAvailability(
        result.o.workerId,
        'away',
        now.getTime(),
      );
      this.duty.delete(result.o.programId);
      this.d.live.toUser(result.o.workerId, 'queue:availability', {
        status: 'away',
        reason: 'missed_offer',
      });
    }
    await this.afterOfferClosed(result.o, 'timed_out', true);
  }

  private async afterOfferClosed(
    o: LiveOffer,
    reason: OfferWithdrawnEvent['reason'],
    excludeWorker: boolean,
  ): Promise<void> {
    this.clearTimer(o.offerId);
    await this.store.release(o.consultId, o.offerId);
    if (excludeWorker) await this.store.exclude(o.consultId, o.workerId);
    const ev: OfferWithdrawnEvent = {
      offerId: o.offerId,
      consultId: o.consultId,
      reason,
    };
    this.d.live.toUser(o.workerId, 'queue:offer-withdrawn', ev);
    this.kick(o.programId);
  }

  // ---- Line membership ---------------------------------------------------------------------

  /** Puts a consult PostgreSQL has as queued into the live line and dispatches. */
  async enqueue(consultId: string): Promise<void> {
    const [entry] = await loadEntries(this.d.db, { consultId }, this.now());
    if (!entry) return;
    await this.store.upsertEntry(entry);
    this.kick(entry.programId);
  }

  /** A consult just created into the line: its entry is built from what the caller holds, without reading it back. */
  async enqueueCreated(
    c: Consult,
    patient: { state: string; birthDate: string },
  ): Promise<void> {
    await this.store.upsertEntry(
      queueEntry(
        {
          ...c,
          consultId: c.id,
          patientState: patient.state,
          birthDate: patient.birthDate,
        },
        [],
        this.now(),
      ),
    );
    this.kick(c.programId);
  }

  /** Coordinator forwards a triaged request to the psychiatrist line. */
  async forward(consultId: string, actor: Actor): Promise<Consult> {
    const now = this.now();
    const { result } = await this.d.lifecycle.runStatement(now, (t) =>
      t.move(consultId, 'queued', actor, 'forwarded_by_coordinator', {
        expect: ['triage'],
        set: { queued_at: now },
      }),
    );
    await this.enqueue(consultId);
    return result;
  }

  /** Cancel (PCP or staff) or expire: withdraws a ringing offer and frees an assigned psychiatrist. */
  async end(
    consultId: string,
    to: 'cancelled' | 'expired',
    actor: Actor,
    reason: string,
  ): Promise<Consult> {
    const now = this.now();
    const { result } = await this.d.lifecycle.run(now, async (t) => {
      const offer = await closeOffer(
        t.q,
        { consultId },
        'withdrawn',
        reason,
        now,
      );
      const before = await t.q.query<{
        status: string;
        assigned: string | null;
      }>(
        'SELECT status, assigned_psychiatrist_id AS assigned FROM consults WHERE id = $1 FOR UPDATE',
        [consultId],
      );
      const consult = await t.move(
        consultId,
        to,
        actor,
        reason,
        to === 'expired' ? { expect: ['triage', 'queued', 'offered'] } : {},
      );
      const freed =
        before.rows[0]?.status === 'accepted' && before.rows[0].assigned
          ? await this.freeWorker(
              t,
              before.rows[0].assigned,
              consult.programId,
              'consult_cancelled',
            )
          : null;
      return { consult, offer, freed };
    });
    if (result.offer)
      await this.afterOfferClosed(
        result.offer,
        to === 'expired' ? 'expired' : 'cancelled',
        false,
      );
    await this.store.removeEntry(result.consult.programId, consultId);
    if (result.freed) await this.applyFreed(result.freed);
    this.kick(result.consult.programId);
    return result.consult;
  }

  /** busy -> available when a consult ends (wrap-up, completion, cancellation); a chosen away/offline stays. */
  async freeWorker(
    t: TransitionTx,
    userId: string,
    programId: string,
    reason: string,
  ): Promise<{
    userId: string;
    programId: string;
    idleSinceMs: number;
    reason: string;
  } | null> {
    const a = await writeAvailability(t.q, {
      userId,
      programId,
      status: 'available',
      reason,
      now: t.now,
      onlyFrom: ['busy'],
    });
    return a
      ? { userId, programId, idleSinceMs: a.idleSince.getTime(), reason }
      : null;
  }

  async applyFreed(f: {
    userId: string;
    programId: string;
    idleSinceMs: number;
    reason: string;
  }): Promise<void> {
    await this.store.setAvailability(
      f.userId,
      'available',
      f.idleSinceMs,
      f.idleSinceMs,
    );
    this.d.live.toUser(f.userId, 'queue:availability', {
      status: 'available',
      reason: f.reason,
    });
    this.kick(f.programId);
  }

  // ---- Presence and availability -----------------------------------------------------------

  async connect(p: Principal, socketId: string): Promise<void> {
    const mine = this.sockets.get(p.userId) ?? {
      programId: p.programId,
      ids: new Set<string>(),
    };
    mine.ids.add(socketId);
    this.sockets.set(p.userId, mine);
    const [worker] = await loadWorkers(this.d.db, { userId: p.userId });
    if (worker) await this.store.putWorker(worker);
    await this.store.touchConnections(
      this.instanceId,
      [p.userId],
      this.now().getTime() + this.connectionTtlMs,
    );
    this.duty.delete(p.programId);
    this.kick(p.programId);
  }

  async disconnect(userId: string, socketId: string): Promise<void> {
    const mine = this.sockets.get(userId);
    if (!mine) return;
    mine.ids.delete(socketId);
    if (mine.ids.size) return;
    this.sockets.delete(userId);
    if (!this.stopped)
      await this.store.dropConnection(
        this.instanceId,
        userId,
        this.now().getTime(),
      );
    this.duty.delete(mine.programId);
  }

  async setAvailability(
    p: Principal,
    status: Exclude<Availability, 'busy'>,
  ): Promise<{ status: Availability }> {
    if (p.role !== 'psychiatrist')
      throw badRequest(
        'not_a_psychiatrist',
        'Only psychiatrists have an availability.',
      );
    const now = this.now();
    const { result } = await this.d.lifecycle.run(now, async (t) => {
      const a = await writeAvailability(t.q, {
        userId: p.userId,
        programId: p.programId,
        status,
        reason: 'chosen',
        now,
      });
      const offer =
        status === 'available'
          ? null
          : await this.withdrawOfferOf(
              t,
              p.userId,
              'psychiatrist_unavailable',
              actorOf(p),
            );
      return { a: a!, offer };
    });
    await this.store.setAvailability(
      p.userId,
      status,
      now.getTime(),
      result.a.idleSince.getTime(),
    );
    this.duty.delete(p.programId);
    if (result.offer)
      await this.afterOfferClosed(
        result.offer,
        'psychiatrist_unavailable',
        false,
      );
    this.d.live.toUser(p.userId, 'queue:availability', {
      status,
      reason: 'chosen',
    });
    this.kick(p.programId);
    return { status };
  }

  private async withdrawOfferOf(
    t: TransitionTx,
    userId: string,
    reason: string,
    actor: Actor,
  ): Promise<LiveOffer | null> {
    const o = await closeOffer(
      t.q,
      { psychiatristId: userId },
      'withdrawn',
      reason,
      t.now,
    );
    if (o)
      await t.move(o.consultId, 'queued', actor, reason, {
        expect: ['offered'],
        details: { offerId: o.offerId },
      });
    return o;
  }

  /**
   * A psychiatrist gone past the grace period: offline, their ringing offer goes
   * on, and a consult they accepted but never started returns to the front of the line.
   */
  async goOffline(userId: string, programId: string): Promise<void> {
    const now = this.now();
    const { result } = await this.d.lifecycle.run(now, async (t) => {
      const offer = await this.withdrawOfferOf(
        t,
        userId,
        'psychiatrist_disconnected',
        SYSTEM_ACTOR,
      );
      const { rows } = await t.q.query<{ id: string }>(
        `SELECT id FROM consults WHERE assigned_psychiatrist_id = $1 AND status = 'accepted' FOR UPDATE`,
        [userId],
      );
      for (const r of rows) {
        await t.q.query(
          `UPDATE consult_offers SET outcome = 'abandoned', outcome_reason = 'psychiatrist_disconnected' WHERE consult_id = $1 AND outcome = 'accepted'`,
          [r.id],
        );
        await t.move(
          r.id,
          'queued',
          SYSTEM_ACTOR,
          'psychiatrist_disconnected',
          {
            expect: ['accepted'],
            set: { assigned_psychiatrist_id: null, front_of_line: true },
          },
        );
      }
      const a = await writeAvailability(t.q, {
        userId,
        programId,
        status: 'offline',
        reason: 'disconnected',
        now,
        onlyFrom: ['available', 'busy', 'away'],
      });
      return { offer, returned: rows.map((r) => r.id), changed: !!a };
    });
    await this.store.setAvailability(userId, 'offline', now.getTime());
    this.duty.delete(programId);
    if (result.offer)
      await this.afterOfferClosed(
        result.offer,
        'psychiatrist_disconnected',
        false,
      );
    for (const id of result.returned) await this.enqueue(id);
    if (result.changed)
      this.d.live.toUser(userId, 'queue:availability', {
        status: 'offline',
        reason: 'disconnected',
      });
  }

  /** What a (re)connecting psychiatrist needs: availability and the offer ringing for them. */
  async myState(
    p: Principal,
  ): Promise<{ status: Availability; offer: OfferEvent | null }> {
    const [w] = await loadWorkers(this.d.db, { userId: p.userId });
    const o = await liveOfferOf(this.d.db, p.userId);
    let offer: OfferEvent | null = null;
    if (o) {
      const [entry] = await loadEntries(
        this.d.db,
        { consultId: o.consultId },
        this.now(),
      );
      if (entry) offer = offerEvent(entry, o);
    }
    return { status: w?.availability ?? 'offline', offer };
  }

  isLocallyConnected(userId: string): boolean {
    return this.sockets.has(userId);
  }

  // ---- Live status to PCPs and coordinators ------------------------------------------------

  private onTransition(t: ConsultTransition): void {
    const c = t.consult;
    const ev = {
      consultId: c.id,
      from: t.from,
      to: t.to,
      reason: t.reason,
      at: t.at.toISOString(),
      emergency: c.emergency,
      urgency: c.urgency,
    };
    this.d.live.toRole(c.programId, STAFF_ROLES, 'queue:changed', ev);
    if (t.to === 'queued' || t.to === 'offered') {
      this.scheduleStatus(c.programId);
      return;
    }
    // Leaving the line moves everyone behind it up.
    if (t.from === 'queued' || t.from === 'offered')
      this.scheduleStatus(c.programId);
    void this.statusOf(c, t.reason).then(
      (s) => {
        this.d.live.toUser(c.requestedBy, 'queue:consult-status', s);
        if (c.assignedPsychiatristId)
          this.d.live.toUser(
            c.assignedPsychiatristId,
            'queue:consult-status',
            s,
          );
      },
      (err) =>
        this.d.logger.error({ err, consultId: c.id }, 'status push failed'),
    );
  }

  /** The PCP's view of one consult, with position and estimate while it waits. */
  async statusOf(
    c: Consult,
    reason: string | null = null,
  ): Promise<ReturnType<typeof buildStatus>> {
    const nowMs = this.now().getTime();
    const waiting = c.status === 'queued' || c.status === 'offered';
    const [settings, stats, line, psych] = await Promise.all([
      this.d.settings.queue(c.programId),
      this.serviceStats(c.programId),
      waiting ? this.statusLine(c.programId, nowMs) : Promise.resolve(null),
      c.assignedPsychiatristId
        ? this.psychiatristOf(c.assignedPsychiatristId)
        : Promise.resolve(null),
    ]);
    const input: StatusInput = {
      consultId: c.id,
      status: c.status,
      emergency: c.emergency,
      urgency: c.urgency,
      createdAtMs: c.createdAt.getTime(),
      reason,
      assignedPsychiatrist: psych,
    };
    return buildStatus(input, { line, settings, stats, nowMs });
  }

  /**
   * Coalesces line movement into one status push per waiting request, at most
   * once a second per program: a long line must not turn every change into a flood.
   */
  scheduleStatus(programId: string): void {
    if (this.statusTimers.has(programId) || this.stopped) return;
    const last = this.lastBroadcast.get(programId) ?? 0;
    const t = setTimeout(
      () => {
        this.statusTimers.delete(programId);
        this.lastBroadcast.set(programId, Date.now());
        this.broadcastStatus(programId).catch((err) =>
          this.d.logger.error({ err, programId }, 'status broadcast failed'),
        );
      },
      Math.max(50, last + 1000 - Date.now()),
    );
    t.unref();
    this.statusTimers.set(programId, t);
  }

  private async broadcastStatus(programId: string): Promise<void> {
    const nowMs = this.now().getTime();
    const [settings, stats, line] = await Promise.all([
      this.d.settings.queue(programId),
      this.serviceStats(programId),
      this.statusLine(programId, nowMs),
    ]);
    const offered = new Set(line.offers.map((o) => o.consultId));
    for (const e of line.entries) {
      const s = buildStatus(
        {
          consultId: e.consultId,
          status: offered.has(e.consultId) ? 'offered' : 'queued',
          emergency: e.summary.emergency,
          urgency: e.summary.urgency as 'routine' | 'urgent',
          createdAtMs: e.waitingSinceMs,
          reason: null,
          assignedPsychiatrist: null,
        },
        { line, settings, stats, nowMs },
      );
      this.d.live.toUser(e.requestedBy, 'queue:consult-status', s);
    }
  }

  private async statusLine(
    programId: string,
    nowMs: number,
  ): Promise<StatusLine> {
    const [line, duty] = await Promise.all([
      this.store.lineView(programId),
      this.duty.get(programId, () => this.store.dutyCounts(programId, nowMs)),
    ]);
    return { ...line, duty };
  }

  /** The assigned psychiatrist as a PCP sees them. */
  private psychiatristOf(
    userId: string,
  ): Promise<{ id: string; displayName: string } | null> {
    return this.names.get(userId, () =>
      this.d.db
        .query<{ id: string; displayName: string }>(
          'SELECT id, display_name AS "displayName" FROM users WHERE id = $1',
          [userId],
        )
        .then((r) => r.rows[0] ?? null),
    );
  }

  serviceStats(programId: string): Promise<ServiceStats> {
    return this.stats.get(programId, () =>
      serviceStats(
        this.d.db,
        programId,
        new Date(this.now().getTime() - 30 * 24 * 3600_000),
      ),
    );
  }

  snapshot(programId: string): Promise<QueueSnapshot> {
    return this.store.snapshot(programId, this.now().getTime());
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

function newOffer(
  p: PlannedOffer,
  timeoutSeconds: number,
  now: Date,
): LiveOffer {
  return {
    offerId: randomUUID(),
    consultId: p.entry.consultId,
    workerId: p.worker.userId,
    programId: p.entry.programId,
    offeredAtMs: now.getTime(),
    expiresAtMs: now.getTime() + Math.round(timeoutSeconds * 1000),
    escalationLevel: p.escalationLevel,
  };
}

function offerEvent(e: QueueEntry, o: LiveOffer): OfferEvent {
  return {
    offerId: o.offerId,
    consultId: o.consultId,
    offeredAt: new Date(o.offeredAtMs).toISOString(),
    expiresAt: new Date(o.expiresAtMs).toISOString(),
    ringSeconds: Math.round((o.expiresAtMs - o.offeredAtMs) / 100) / 10,
    escalationLevel: o.escalationLevel,
    summary: {
      ...e.summary,
      specialty: e.specialty,
      language: e.language,
      patientState: e.patientState,
    },
  };
}
