import type { AuditLog } from '../audit/audit-log';
import type { Principal } from '../auth/roles';
import type { Clock } from '../clock';
import type { Consult } from '../consults/consult';
import type { ConsultService } from '../consults/consult-service';
import type { Database } from '../db/database';
import { AppError } from '../errors';
import { ageOn } from '../patients/patient';
import { findPatient } from '../patients/patient-repository';
import type { CloseEpisode } from '../../signaling/protocol/rest/episodes';
import { assertClosable, type Episode, stepUpSummary } from './episode';
import { type Actor, auditEpisode } from './episode-audit';
import {
  closeEpisodeRow,
  type EpisodeReport,
  findEpisodeReport,
  listSessions,
} from './episode-repository';

export interface EpisodeClosingDeps {
  db: Database;
  clock: Clock;
  audit: AuditLog;
  /** Step-up: a psychiatry consult request in the existing queue. */
  consults: Pick<ConsultService, 'create'>;
}

/**
 * How an episode ends: with an outcome and the signed report; stepping up
 * also puts a pre-filled psychiatry consult request in the existing queue.
 * The caller checked `episode_care` access.
 */
export class EpisodeClosing {
  constructor(private readonly deps: EpisodeClosingDeps) {}

  async close(
    who: Actor,
    e: Episode,
    c: CloseEpisode,
  ): Promise<{ episode: Episode; consult: Consult | null }> {
    const report = await findEpisodeReport(this.deps.db, e.id);
    assertClosable(e, report?.status === 'signed');
    let consult: Consult | null = null;
    if (c.outcome === 'stepped_up_to_psychiatry')
      consult = await this.stepUp(who, e, report!);
    const now = this.deps.clock.now();
    const closed = await this.deps.db.transaction(async (tx) => {
      const row = await closeEpisodeRow(tx, e.id, {
        outcome: c.outcome,
        referral: c.referral ?? null,
        stepUpConsultId: consult?.id ?? null,
        at: now,
      });
      if (!row)
        throw new AppError(
          'conflict',
          'episode_closed',
          'This episode is already closed.',
        );
      await auditEpisode(this.deps.audit, who, 'episode.close', e, tx, {
        outcome: c.outcome,
        stepUpConsultId: consult?.id ?? null,
      });
      return row;
    });
    return { episode: closed, consult };
  }

  /**
   * The consult is requested in the referring PCP's name: the psychiatrist
   * calls them back and the report goes to them. The idempotency key makes a
   * retried close reuse the first request.
   */
  private async stepUp(
    who: Actor,
    e: Episode,
    report: EpisodeReport,
  ): Promise<Consult> {
    const patient = (await findPatient(this.deps.db, e.patientId))!;
    const sessions = await listSessions(this.deps.db, e.id);
    const pcp: Principal = {
      kind: 'user',
      userId: e.referredBy,
      role: 'pcp',
      programId: e.programId,
      practiceId: e.practiceId,
      sessionId: who.sessionId,
      displayName: 'referring PCP',
    };
    const adult = ageOn(patient.birthDate, this.deps.clock.now()) >= 18;
    const r = await this.deps.consults.create(
      pcp,
      {
        patientId: e.patientId,
        consultType: 'clinician_consult',
        contactMode: 'video',
        reasonCategories: ['diagnosis'],
        clinicalQuestion: stepUpSummary(sessions, report.summary),
        urgency: sessions.some((s) => s.riskLevel === 'high')
          ? 'urgent'
          : 'routine',
        emergency: false,
        specialty: adult ? 'adult' : 'child_adolescent',
        language: patient.preferredLanguage,
        callback: { method: 'video' },
        idempotencyKey: `episode-step-up-${e.id}`,
      },
      { requestId: who.requestId, clientIp: who.clientIp },
    );
    return r.consult;
  }
}
