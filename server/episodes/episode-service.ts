import type { AuditLog } from '../audit/audit-log';
import { enforce } from '../auth/access-gate';
import type { Resource } from '../auth/access-policy';
import type { Clock } from '../clock';
import type { Database, Queryable } from '../db/database';
import { notFound } from '../errors';
import type { Patient } from '../patients/patient';
import { findPatient } from '../patients/patient-repository';
import type { ProgramSettingsService } from '../programs/program-settings-service';
import { nextOpening } from '../handoffs/next-opening';
import { chooseReferralClinician, type Episode } from './episode';
import { type Actor, actorOf, auditEpisode } from './episode-audit';
import {
  episodePageFacts,
  findEpisode,
  insertEpisode,
  listEpisodes,
  referralCandidates,
} from './episode-repository';

export interface EpisodeServiceDeps {
  db: Database;
  clock: Clock;
  audit: AuditLog;
  settings: ProgramSettingsService;
}

/** A referral's who and where: the PCP who referred and their patient. */
export interface ReferralSource {
  programId: string;
  practiceId: string;
  patientId: string;
  referredBy: string;
}

/**
 * Episodes themselves: opens them (warm or scheduled) and reads them as
 * the access policy allows (`episode`, `episode_care`), audited here. What
 * happens inside an episode has its own file: sessions
 * (`episode-sessions.ts`), the report to the PCP (`episode-reports.ts`),
 * closing and stepping up (`episode-closing.ts`).
 */
export class EpisodeService {
  constructor(private readonly deps: EpisodeServiceDeps) {}

  // ---- opening ----

  /** A warm handoff answered: the episode is with the clinician who took it. */
  async openWarm(
    q: Queryable,
    src: ReferralSource,
    handoffId: string,
    clinicianId: string,
    now: Date,
  ): Promise<Episode> {
    const settings = await this.deps.settings.queue(src.programId);
    return insertEpisode(q, {
      ...src,
      clinicianId,
      origin: 'warm_handoff',
      handoffId,
      referredAt: now,
      scheduledFor: null,
      sessionLimit: settings.episodeSessionLimit,
    });
  }

  /**
   * A scheduled referral (asked for, or a warm handoff nobody answered in
   * time): a licensed clinician with the lightest caseload, at the next opening.
   */
  async openScheduled(
    q: Queryable,
    src: ReferralSource,
    handoffId: string | null,
    now: Date,
  ): Promise<Episode> {
    const settings = await this.deps.settings.queue(src.programId);
    const patient = (await findPatient(q, src.patientId))!;
    const { rows } = await q.query<{ timezone: string }>(
      'SELECT timezone FROM programs WHERE id = $1',
      [src.programId],
    );
    const clinicianId = chooseReferralClinician(
      await referralCandidates(q, src.programId),
      { state: patient.state, language: patient.preferredLanguage },
    );
    return insertEpisode(q, {
      ...src,
      clinicianId,
      origin: 'scheduled',
      handoffId,
      referredAt: now,
      scheduledFor: nextOpening(now, rows[0]?.timezone ?? 'America/New_York'),
      sessionLimit: settings.episodeSessionLimit,
    });
  }

  /** POST /api/patients/:patientId/episodes: the PCP refers without a handoff. */
  async refer(who: Actor, patient: Patient): Promise<Episode> {
    const now = this.deps.clock.now();
    return this.deps.db.transaction(async (tx) => {
      const e = await this.openScheduled(
        tx,
        {
          programId: patient.programId,
          practiceId: patient.practiceId,
          patientId: patient.id,
          referredBy: who.userId,
        },
        null,
        now,
      );
      await auditEpisode(this.deps.audit, who, 'episode.refer', e, tx);
      return e;
    });
  }

  // ---- reading ----

  /** An episode the caller may see (`episode`) or act on (`episode_care`). */
  async read(
    who: Actor,
    id: string,
    action: string,
    resource: Extract<Resource, 'episode' | 'episode_care'> = 'episode',
  ): Promise<Episode> {
    const e = /^[0-9a-f-]{36}$/i.test(id)
      ? await findEpisode(this.deps.db, id)
      : null;
    if (!e) throw notFound('The episode');
    await enforce(
      resource,
      who,
      {
        programId: e.programId,
        practiceId: e.practiceId,
        assignedPsychiatristId: e.clinicianId,
      },
      {
        action,
        patientId: e.patientId,
        resourceType: 'episode',
        resourceId: e.id,
      },
      (row) => this.deps.audit.record({ ...row, ...actorOf(who) }),
    );
    if (resource === 'episode')
      await auditEpisode(this.deps.audit, who, action, e);
    return e;
  }

  async list(
    who: Actor,
    patientId: string | null,
  ): Promise<(Episode & { patientName: string })[]> {
    if (who.role === 'psychiatrist') return [];
    const rows = await listEpisodes(this.deps.db, {
      programId: who.programId,
      practiceId: who.role === 'pcp' ? who.practiceId : null,
      clinicianId: who.role === 'bh_clinician' ? who.userId : null,
      patientId,
    });
    await this.deps.audit.record({
      ...actorOf(who),
      action: 'episode.list',
      resourceType: 'episode',
      details: { count: rows.length },
    });
    return rows;
  }

  pageFacts(e: Episode) {
    return episodePageFacts(this.deps.db, e);
  }
}
