import type { PushEvent, PushPayload } from '../../signaling/protocol/pushes';
import { SYSTEM_ACTOR } from '../consults/consult';
import {
  markTargetBreached,
  raiseEscalation,
  waitingConsults,
} from './queue-consult-repository';
import { STAFF_ROLES, type QueueDeps } from './queue-deps';
import type { QueueDispatcher } from './queue-dispatcher';
import type { QueueLine } from './queue-line';
import type { QueueOffers } from './queue-offers';
import type { QueuePresence } from './queue-presence';
import type { QueueReconciler } from './queue-reconciler';
import { expiredOfferIds } from './queue-offer-repository';
import { loadEntries } from './queue-repository';
import { escalationLevel, relaxedAt } from './routing';

export interface QueueSweeperDeps extends QueueDeps {
  instanceId: string;
  /** QUEUE_SWEEP_MS: how often to sweep and stamp presence. */
  sweepMs: number;
  /** QUEUE_PRESENCE_GRACE_MS: how long a gone psychiatrist stays on duty. */
  graceMs: number;
  dispatcher: QueueDispatcher;
  reconciler: QueueReconciler;
  offers: QueueOffers;
  line: QueueLine;
  presence: QueuePresence;
}

/** Every few seconds a full reconcile catches anything a lost message left behind. */
const RECONCILE_EVERY_MS = 10_000;

/**
 * What no single request's code path can be trusted to do, done on every
 * instance on a short interval: offer timeouts of any instance (one that died
 * included), escalation, service-level breaches, expiry, presence grace, and
 * rebuilding a lost store. Each action is a conditional write in PostgreSQL,
 * so two instances sweeping at once act once.
 */
export class QueueSweeper {
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private lastReconcileMs = 0;

  constructor(private readonly deps: QueueSweeperDeps) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.running || this.deps.stopped()) return;
      this.running = this.sweep()
        .catch((err) => this.deps.logger.error({ err }, 'queue sweep failed'))
        .finally(() => (this.running = null));
    }, this.deps.sweepMs);
    this.timer.unref();
    // Presence stamps on their own timer: a long sweep must not let them lapse.
    this.heartbeat = setInterval(() => {
      if (!this.deps.stopped())
        this.deps.presence.heartbeat().catch(() => undefined);
    }, this.deps.sweepMs);
    this.heartbeat.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.running;
  }

  async sweep(): Promise<void> {
    const { store, logger, reconciler, dispatcher } = this.deps;
    if (!(await store.isIntact())) {
      logger.warn(
        { instanceId: this.deps.instanceId },
        'live queue lost (Redis flushed or restarted): rebuilding from PostgreSQL',
      );
      await reconciler.rebuild();
      this.lastReconcileMs = Date.now();
    }
    for (const id of await expiredOfferIds(this.deps.db, this.deps.clock.now()))
      await this.deps.offers.expireOffer(id);
    await this.checkWaiting();
    const programs = await store.programs();
    for (const p of programs) await this.checkPresence(p);
    if (Date.now() - this.lastReconcileMs >= RECONCILE_EVERY_MS) {
      this.lastReconcileMs = Date.now();
      for (const p of programs) await reconciler.reconcile(p);
    }
    for (const p of programs) dispatcher.kick(p);
  }

  /** Escalation steps, target breaches and expiry of requests still waiting. */
  private async checkWaiting(): Promise<void> {
    const { db } = this.deps;
    const rows = await waitingConsults(db);
    const now = this.deps.clock.now();
    for (const c of rows) {
      const settings = await this.deps.settings.queue(c.programId);
      const waitedMinutes = (now.getTime() - c.createdAt.getTime()) / 60_000;
      if (waitedMinutes >= settings.expireAfterMinutes) {
        await this.deps.line
          .end(c.id, 'expired', SYSTEM_ACTOR, 'not_answered_in_time')
          .catch(() => undefined);
        continue;
      }
      if (!c.slaBreachedAt && waitedMinutes >= settings.targetMinutes) {
        if (await markTargetBreached(db, c.id, now))
          this.toStaff(c.programId, 'queue:sla-breached', {
            consultId: c.id,
            waitedMinutes: round(waitedMinutes),
            targetMinutes: settings.targetMinutes,
          });
      }
      if (c.status === 'triage' || !c.queuedAt) continue;
      const level = escalationLevel(
        c.queuedAt.getTime(),
        settings.escalationSteps,
        now.getTime(),
      );
      if (level <= c.escalationLevel) continue;
      if (!(await raiseEscalation(db, c.id, level))) continue;
      this.toStaff(c.programId, 'queue:escalated', {
        consultId: c.id,
        level,
        relaxed: [...relaxedAt(level, settings.escalationSteps)],
        waitedMinutes: round((now.getTime() - c.queuedAt.getTime()) / 60_000),
      });
      // A wider pool starts afresh: those who passed before may be asked again.
      const [entry] = await loadEntries(db, { consultId: c.id }, now);
      if (entry) await this.deps.store.upsertEntry(entry);
      this.deps.dispatcher.kick(c.programId);
    }
  }

  /** Psychiatrists whose last connection went away more than the grace period ago go offline. */
  private async checkPresence(programId: string): Promise<void> {
    const { presence } = this.deps;
    const nowMs = this.deps.clock.now().getTime();
    const snap = await this.deps.store.snapshot(programId, nowMs);
    for (const w of snap.workers) {
      if (
        w.connected ||
        w.availability === 'offline' ||
        presence.isLocallyConnected(w.userId)
      )
        continue;
      // No stamp since this instance rebuilt means "not known yet", not "gone".
      const lastSeen = Math.max(
        w.lastSeenMs ?? 0,
        this.deps.reconciler.rebuiltAtMs,
      );
      if (lastSeen + this.deps.graceMs <= nowMs)
        await presence.goOffline(w.userId, programId);
    }
  }

  private toStaff<E extends PushEvent>(
    programId: string,
    event: E,
    payload: PushPayload<E>,
  ): void {
    this.deps.live.toRole(programId, STAFF_ROLES, event, payload);
  }
}

const round = (n: number) => Math.round(n * 10) / 10;
