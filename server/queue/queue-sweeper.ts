import type { PushEvent, PushPayload } from '../../signaling/protocol/pushes';
import { SYSTEM_ACTOR } from '../consults/consult';
import { expiredOfferIds, loadEntries } from './queue-repository';
import type { QueueEngine } from './queue-engine';
import { escalationLevel, relaxedAt } from './routing';

interface WaitingRow {
  id: string;
  programId: string;
  status: string;
  createdAt: Date;
  queuedAt: Date | null;
  escalationLevel: number;
  slaBreachedAt: Date | null;
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

  constructor(private readonly q: QueueEngine) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.running || this.q.stopped) return;
      this.running = this.sweep()
        .catch((err) => this.q.d.logger.error({ err }, 'queue sweep failed'))
        .finally(() => (this.running = null));
    }, this.q.sweepMs);
    this.timer.unref();
    // Presence stamps on their own timer: a long sweep must not let them lapse.
    this.heartbeat = setInterval(() => {
      if (!this.q.stopped) this.q.heartbeat().catch(() => undefined);
    }, this.q.sweepMs);
    this.heartbeat.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.running;
  }

  async sweep(): Promise<void> {
    const q = this.q;
    if (!(await q.store.isIntact())) {
      q.d.logger.warn(
        { instanceId: q.instanceId },
        'live queue lost (Redis flushed or restarted): rebuilding from PostgreSQL',
      );
      await q.rebuild();
      this.lastReconcileMs = Date.now();
    }
    for (const id of await expiredOfferIds(q.d.db, q.now()))
      await q.expireOffer(id);
    await this.checkWaiting();
    const programs = await q.store.programs();
    for (const p of programs) await this.checkPresence(p);
    if (Date.now() - this.lastReconcileMs >= RECONCILE_EVERY_MS) {
      this.lastReconcileMs = Date.now();
      for (const p of programs) await q.reconcile(p);
    }
    for (const p of programs) q.kick(p);
  }

  /** Escalation steps, target breaches and expiry of requests still waiting. */
  private async checkWaiting(): Promise<void> {
    const q = this.q;
    const { rows } = await q.d.db.query<WaitingRow>(
      `SELECT id, program_id AS "programId", status, created_at AS "createdAt", queued_at AS "queuedAt",
              escalation_level AS "escalationLevel", sla_breached_at AS "slaBreachedAt"
         FROM consults WHERE status IN ('triage', 'queued', 'offered')`,
    );
    const now = q.now();
    for (const c of rows) {
      const settings = await q.d.settings.queue(c.programId);
      const waitedMinutes = (now.getTime() - c.createdAt.getTime()) / 60_000;
      if (waitedMinutes >= settings.expireAfterMinutes) {
        await q
          .end(c.id, 'expired', SYSTEM_ACTOR, 'not_answered_in_time')
          .catch(() => undefined);
        continue;
      }
      if (!c.slaBreachedAt && waitedMinutes >= settings.targetMinutes) {
        const r = await q.d.db.query(
          'UPDATE consults SET sla_breached_at = $2 WHERE id = $1 AND sla_breached_at IS NULL',
          [c.id, now],
        );
        if (r.rowCount)
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
      const r = await q.d.db.query(
        'UPDATE consults SET escalation_level = $2 WHERE id = $1 AND escalation_level < $2',
        [c.id, level],
      );
      if (!r.rowCount) continue;
      this.toStaff(c.programId, 'queue:escalated', {
        consultId: c.id,
        level,
        relaxed: [...relaxedAt(level, settings.escalationSteps)],
        waitedMinutes: round((now.getTime() - c.queuedAt.getTime()) / 60_000),
      });
      // A wider pool starts afresh: those who passed before may be asked again.
      const [entry] = await loadEntries(q.d.db, { consultId: c.id }, now);
      if (entry) await q.store.upsertEntry(entry);
      q.kick(c.programId);
    }
  }

  /** Psychiatrists whose last connection went away more than the grace period ago go offline. */
  private async checkPresence(programId: string): Promise<void> {
    const q = this.q;
    const nowMs = q.now().getTime();
    const snap = await q.store.snapshot(programId, nowMs);
    for (const w of snap.workers) {
      if (
        w.connected ||
        w.availability === 'offline' ||
        q.isLocallyConnected(w.userId)
      )
        continue;
      // No stamp since this instance rebuilt means "not known yet", not "gone".
      const lastSeen = Math.max(w.lastSeenMs ?? 0, q.rebuiltAtMs);
      if (lastSeen + q.graceMs <= nowMs) await q.goOffline(w.userId, programId);
    }
  }

  private toStaff<E extends PushEvent>(
    programId: string,
    event: E,
    payload: PushPayload<E>,
  ): void {
    this.q.d.live.toRole(programId, ['coordinator', 'admin'], event, payload);
  }
}

const round = (n: number) => Math.round(n * 10) / 10;
