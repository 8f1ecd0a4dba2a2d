import type { Principal } from '../auth/roles';
import type { Clock } from '../clock';
import { type Consult, SYSTEM_ACTOR } from '../consults/consult';
import type { ConsultTransition } from '../consults/consult-lifecycle';
import type { RequestOrigin } from '../consults/consult-creation';
import type { ConsultService } from '../consults/consult-service';
import type { Database } from '../db/database';
import type { EpisodeService } from '../episodes/episode-service';
import { episodeOfHandoff } from '../episodes/episode-repository';
import { AppError, notFound } from '../errors';
import type { LiveChannel } from '../live/live-channel';
import type { Logger } from '../logger';
import { PeriodicSweep } from '../periodic-sweep';
import { ageOn, type Patient } from '../patients/patient';
import type { ProgramSettingsService } from '../programs/program-settings-service';
import type { HandoffRequest } from '../../signaling/protocol/rest/episodes';
import type { WarmHandoff } from './handoff';
import {
  displayNameOf,
  findHandoff,
  insertHandoff,
  markFellBack,
  overdueHandoffIds,
  stampHandoff,
} from './handoff-repository';

export interface HandoffServiceDeps {
  db: Database;
  clock: Clock;
  live: LiveChannel;
  logger: Logger;
  settings: ProgramSettingsService;
  consults: Pick<
    ConsultService,
    'create' | 'withdraw' | 'complete' | 'observer'
  >;
  episodes: Pick<EpisodeService, 'openWarm' | 'openScheduled'>;
  /** How often the fallback sweep runs (every instance sweeps). */
  sweepMs: number;
}

const FELL_BACK = 'handoff_fell_back';

/** The open screening alert a handoff was asked from (already checked). */
export interface AlertReference {
  id: string;
  assessmentId: string;
  instrumentName: string;
  openedAt: Date;
}

const sourceOf = (h: WarmHandoff) => ({
  programId: h.programId,
  practiceId: h.practiceId,
  patientId: h.patientId,
  referredBy: h.requestedBy,
});

/**
 * Warm handoffs: asks the behavioral health line now (a `warm_handoff`
 * consult the queue rings), records the moments from the consult's
 * transitions, and falls back to a scheduled referral when nobody answered
 * within the program's target. The fallback is a swept deadline in
 * PostgreSQL, so it survives restarts and any instance may carry it out.
 */
export class HandoffService {
  private readonly periodic: PeriodicSweep;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: HandoffServiceDeps) {
    this.periodic = new PeriodicSweep('warm handoff', () => this.sweep(), {
      logger: deps.logger,
      intervalMs: deps.sweepMs,
    });
  }

  async request(
    who: Principal,
    patient: Patient,
    body: HandoffRequest,
    origin: RequestOrigin,
    alert: AlertReference | null = null,
  ): Promise<{ handoff: WarmHandoff; created: boolean }> {
    const settings = await this.deps.settings.queue(who.programId);
    const { consult, created } = await this.deps.consults.create(
      who,
      {
        patientId: patient.id,
        consultType: 'warm_handoff',
        contactMode: 'video',
        // From a safety alert, the reason is the patient's safety.
        reasonCategories: alert ? ['safety'] : ['other'],
        clinicalQuestion: alert
          ? `Warm handoff from a safety alert on the ${alert.instrumentName} ` +
            `of ${alert.openedAt.toISOString().slice(0, 10)}: the patient ` +
            'is in the exam room with the PCP now.'
          : 'Warm handoff: the patient is in the exam room with the PCP now.',
        urgency: 'urgent',
        emergency: false,
        // Routing ignores specialty on the behavioral health line.
        specialty:
          ageOn(patient.birthDate, this.deps.clock.now()) >= 18
            ? 'adult'
            : 'child_adolescent',
        language: body.language ?? patient.preferredLanguage,
        callback: { method: 'video' },
        // The alert's screening travels with the handoff to the clinician.
        // The consult service refuses one of another patient (400).
        ...(alert
          ? { assessmentId: alert.assessmentId }
          : body.assessmentId
            ? { assessmentId: body.assessmentId }
            : {}),
        // Asked twice from the same alert, it is the same handoff.
        idempotencyKey:
          body.idempotencyKey ??
          (alert ? `warm-handoff-alert-${alert.id}` : undefined),
      },
      origin,
    );
    const handoff = await insertHandoff(this.deps.db, {
      consultId: consult.id,
      programId: consult.programId,
      practiceId: consult.practiceId,
      patientId: consult.patientId,
      requestedBy: who.userId,
      requestedAt: consult.createdAt,
      dueAt: new Date(
        consult.createdAt.getTime() + settings.handoffTargetMinutes * 60_000,
      ),
      alertId: alert?.id ?? null,
    });
    return { handoff, created };
  }

  /** The handoff of a consult the caller was allowed to read. */
  async ofConsult(
    c: Consult,
  ): Promise<{ handoff: WarmHandoff; episodeId: string | null }> {
    const handoff = await findHandoff(this.deps.db, { consultId: c.id });
    if (!handoff) throw notFound('The warm handoff');
    const episode = await episodeOfHandoff(this.deps.db, handoff.id);
    return { handoff, episodeId: episode?.id ?? null };
  }

  start(): void {
    this.unsubscribe = this.deps.consults.observer.on('transition', (t) => {
      if (t.consult.consultType !== 'warm_handoff') return;
      void this.onTransition(t).catch((err) =>
        this.deps.logger.error(
          { err, consultId: t.consult.id },
          'warm handoff moment not recorded',
        ),
      );
    });
    this.periodic.start();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.periodic.stop();
  }

  private async onTransition(t: ConsultTransition): Promise<void> {
    const c = t.consult;
    if (t.to === 'accepted' && c.assignedPsychiatristId) {
      const clinicianId = c.assignedPsychiatristId;
      const opened = await this.deps.db.transaction(async (tx) => {
        const h = await stampHandoff(tx, c.id, 'answered', t.at, clinicianId);
        if (!h) return null;
        const e = await this.deps.episodes.openWarm(
          tx,
          sourceOf(h),
          h.id,
          clinicianId,
          t.at,
        );
        return { h, e };
      });
      if (!opened) return;
      this.deps.live.toUser(c.requestedBy, 'handoff:answered', {
        handoffId: opened.h.id,
        consultId: c.id,
        episodeId: opened.e.id,
        answeredAt: t.at.toISOString(),
        clinicianName: await displayNameOf(this.deps.db, clinicianId),
      });
    } else if (t.to === 'in_call') {
      await stampHandoff(this.deps.db, c.id, 'joined', t.at);
    } else if (t.to === 'wrap_up') {
      await stampHandoff(this.deps.db, c.id, 'ended', t.at);
      // A handoff has no written consult report: the call's end completes
      // it and frees the clinician for the next ring.
      // Coded as a referral to behavioral health (the episode follows).
      await this.deps.consults.complete(c.id, SYSTEM_ACTOR, {
        disposition: 'community_therapy',
        diagnosisCategories: [],
      });
    } else if (t.to === 'cancelled' && t.reason !== FELL_BACK) {
      await stampHandoff(this.deps.db, c.id, 'ended', t.at);
    }
  }

  /** Falls back every overdue handoff; returns how many fell back here. */
  async sweep(): Promise<number> {
    const now = this.deps.clock.now();
    let n = 0;
    for (const id of await overdueHandoffIds(this.deps.db, now))
      if (await this.fallBack(id)) n++;
    return n;
  }

  /**
   * PostgreSQL decides between an accept and the fallback: the consult's
   * withdrawal fails once a clinician accepted. A withdrawal that committed
   * before a crash is finished by the next sweep.
   */
  private async fallBack(id: string): Promise<boolean> {
    const h = (await findHandoff(this.deps.db, { id }))!;
    try {
      await this.deps.consults.withdraw(h.consultId, FELL_BACK);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'illegal_transition')
        throw err;
      const { rows } = await this.deps.db.query<{ status: string }>(
        'SELECT status FROM consults WHERE id = $1',
        [h.consultId],
      );
      if (rows[0]?.status !== 'cancelled') return false;
    }
    const now = this.deps.clock.now();
    const done = await this.deps.db.transaction(async (tx) => {
      const fell = await markFellBack(tx, id, now);
      if (!fell) return null;
      const e = await this.deps.episodes.openScheduled(
        tx,
        sourceOf(fell),
        fell.id,
        now,
      );
      return { fell, e };
    });
    if (!done) return false;
    this.deps.live.toUser(h.requestedBy, 'handoff:fell_back', {
      handoffId: h.id,
      consultId: h.consultId,
      episodeId: done.e.id,
      scheduledFor: done.e.scheduledFor?.toISOString() ?? null,
    });
    return true;
  }
}
