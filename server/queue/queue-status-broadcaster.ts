import { TtlCache } from '../cache/ttl-cache';
import type { Consult } from '../consults/consult';
import type { ConsultTransition } from '../consults/consult-lifecycle';
import { STAFF_ROLES, type QueueDeps } from './queue-deps';
import { psychiatristName } from './queue-consult-repository';
import { eligibleDuty, eligibleDutyIn } from './eligible-duty';
import { serviceStats } from './queue-repository';
import { buildStatus, type StatusInput } from './queue-status';
import type { DutyCounts, StatusLine } from './queue-types';
import type { ServiceStats } from './wait-estimate';

/**
 * Live status to PCPs and coordinators: every consult transition goes to the
 * program's staff, the requesting PCP (and assigned psychiatrist) get the
 * consult's status, and line movement becomes at most one status push per
 * waiting request a second.
 */
export class QueueStatusBroadcaster {
  private readonly timers = new Map<string, NodeJS.Timeout>();
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
   * instance at once (dutyChanged); the busy/available flips of each consult
   * only nudge the estimate, and wait the second out.
   */
  private readonly duty = new TtlCache<DutyCounts>(1_000);
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: QueueDeps) {
    this.unsubscribe = deps.consults.observer.on('transition', (t) =>
      this.onTransition(t),
    );
  }

  stop(): void {
    this.unsubscribe();
    for (const t of this.timers.values()) clearTimeout(t);
  }

  /** Someone's availability or connection changed: duty counts are stale. */
  dutyChanged(programId: string): void {
    this.duty.delete(programId);
  }

  private onTransition(t: ConsultTransition): void {
    const { live } = this.deps;
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
    live.toRole(c.programId, STAFF_ROLES, 'queue:changed', ev);
    if (t.to === 'queued' || t.to === 'offered') {
      this.scheduleStatus(c.programId);
      return;
    }
    // Leaving the line moves everyone behind it up.
    if (t.from === 'queued' || t.from === 'offered')
      this.scheduleStatus(c.programId);
    void this.statusOf(c, t.reason).then(
      (s) => {
        live.toUser(c.requestedBy, 'queue:consult-status', s);
        if (c.assignedPsychiatristId)
          live.toUser(c.assignedPsychiatristId, 'queue:consult-status', s);
      },
      (err) =>
        this.deps.logger.error({ err, consultId: c.id }, 'status push failed'),
    );
  }

  /** The PCP's view of one consult, with position and estimate while it waits. */
  async statusOf(
    c: Consult,
    reason: string | null = null,
  ): Promise<ReturnType<typeof buildStatus>> {
    const nowMs = this.deps.clock.now().getTime();
    const waiting = c.status === 'queued' || c.status === 'offered';
    const [settings, stats, line, psych, eligible] = await Promise.all([
      this.deps.settings.queue(c.programId),
      this.serviceStats(c.programId),
      waiting ? this.statusLine(c.programId, nowMs) : Promise.resolve(null),
      c.assignedPsychiatristId
        ? this.psychiatristOf(c.assignedPsychiatristId)
        : Promise.resolve(null),
      waiting ? this.eligible(c.programId, [c.id]) : Promise.resolve(null),
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
    return buildStatus(input, {
      line,
      settings,
      stats,
      nowMs,
      eligible: eligible?.get(c.id) ?? null,
    });
  }

  /**
   * Coalesces line movement into one status push per waiting request, at most
   * once a second per program: a long line must not turn every change into a flood.
   */
  scheduleStatus(programId: string): void {
    if (this.timers.has(programId) || this.deps.stopped()) return;
    const last = this.lastBroadcast.get(programId) ?? 0;
    const t = setTimeout(
      () => {
        this.timers.delete(programId);
        this.lastBroadcast.set(programId, Date.now());
        this.broadcastStatus(programId).catch((err) =>
          this.deps.logger.error({ err, programId }, 'status broadcast failed'),
        );
      },
      Math.max(50, last + 1000 - Date.now()),
    );
    t.unref();
    this.timers.set(programId, t);
  }

  private async broadcastStatus(programId: string): Promise<void> {
    const nowMs = this.deps.clock.now().getTime();
    const [settings, stats, line] = await Promise.all([
      this.deps.settings.queue(programId),
      this.serviceStats(programId),
      this.statusLine(programId, nowMs),
    ]);
    const offered = new Set(line.offers.map((o) => o.consultId));
    const eligible = await this.eligible(
      programId,
      line.entries.map((e) => e.consultId),
    );
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
        {
          line,
          settings,
          stats,
          nowMs,
          eligible: eligible.get(e.consultId) ?? null,
        },
      );
      this.deps.live.toUser(e.requestedBy, 'queue:consult-status', s);
    }
  }

  private async statusLine(
    programId: string,
    nowMs: number,
  ): Promise<StatusLine> {
    const { store } = this.deps;
    const [line, duty] = await Promise.all([
      store.lineView(programId),
      this.duty.get(programId, () => store.dutyCounts(programId, nowMs)),
    ]);
    return { ...line, duty };
  }

  /**
   * Who on duty could take each consult. The in-process store has all of it
   * at hand (no statement per submitted request); on Redis that would read
   * every psychiatrist over the wire, so there PostgreSQL counts.
   */
  private async eligible(
    programId: string,
    consultIds: readonly string[],
  ): Promise<Map<string, DutyCounts>> {
    if (!consultIds.length) return new Map();
    const [roster, settings] = await Promise.all([
      this.deps.store.dutyRoster(programId, consultIds),
      this.deps.settings.queue(programId),
    ]);
    if (!roster) return eligibleDuty(this.deps.db, consultIds);
    return eligibleDutyIn(roster, consultIds, settings.interpreterAllowed);
  }

  /** The assigned psychiatrist as a PCP sees them. */
  private psychiatristOf(
    userId: string,
  ): Promise<{ id: string; displayName: string } | null> {
    return this.names.get(userId, () => psychiatristName(this.deps.db, userId));
  }

  serviceStats(programId: string): Promise<ServiceStats> {
    return this.stats.get(programId, () =>
      serviceStats(
        this.deps.db,
        programId,
        new Date(this.deps.clock.now().getTime() - 30 * 24 * 3600_000),
      ),
    );
  }
}
