import type { AuditLog } from '../audit/audit-log';
import { enforce } from '../auth/access-gate';
import type { Resource } from '../auth/access-policy';
import type { Principal } from '../auth/roles';
import type { Clock } from '../clock';
import type { Consult } from '../consults/consult';
import type {
  ConsultService,
  RequestOrigin,
} from '../consults/consult-service';
import type { Database, Queryable } from '../db/database';
import { AppError, badRequest, notFound } from '../errors';
import type { LiveChannel } from '../live/live-channel';
import { ageOn, type Patient } from '../patients/patient';
import { findPatient } from '../patients/patient-repository';
import type { ProgramSettingsService } from '../programs/program-settings-service';
import type { LedgerService } from '../billing/ledger-service';
import { nextOpening } from '../handoffs/next-opening';
import { type SessionBilling, sessionBilling } from './session-billing';
import { monthBounds } from '../billing/calendar-days';
import { bhFigures, type PracticeFigures } from './bh-figures';
import type {
  CloseEpisode,
  EpisodeReportDraft,
  SessionNote,
} from '../../signaling/protocol/rest/episodes';
import {
  assertClosable,
  scoreChange,
  chooseReferralClinician,
  type Episode,
  type EpisodeSession,
  nextSessionNumber,
  stepUpSummary,
} from './episode';
import {
  billingContext,
  closeEpisodeRow,
  figureRows,
  type EpisodeReport,
  episodePageFacts,
  findEpisode,
  findEpisodeReport,
  insertEpisode,
  insertEpisodeAddendum,
  insertSession,
  listEpisodes,
  linkSessionTime,
  listSessions,
  referralCandidates,
  saveEpisodeDraft,
  signEpisodeReport,
} from './episode-repository';

export interface EpisodeServiceDeps {
  db: Database;
  clock: Clock;
  audit: AuditLog;
  live: LiveChannel;
  settings: ProgramSettingsService;
  /** Session minutes go to the time ledger as care-management time. */
  ledger: Pick<LedgerService, 'logCareTime'>;
  /** Step-up: a psychiatry consult request in the existing queue. */
  consults: Pick<ConsultService, 'create'>;
}

type Actor = Principal & RequestOrigin;

/** A referral's who and where: the PCP who referred and their patient. */
export interface ReferralSource {
  programId: string;
  practiceId: string;
  patientId: string;
  referredBy: string;
}

/**
 * The one owner of episodes: opens them (warm or scheduled), holds
 * sessions up to the program's limit, writes the report to the PCP, closes
 * with an outcome and steps up to psychiatry. Reads and writes are decided
 * by the access policy (`episode`, `episode_care`) and audited here.
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
      await this.audit(who, 'episode.refer', e, tx);
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
    if (resource === 'episode') await this.audit(who, action, e);
    return e;
  }

  async list(who: Actor, patientId: string | null): Promise<Episode[]> {
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

  sessions(e: Episode): Promise<EpisodeSession[]> {
    return listSessions(this.deps.db, e.id);
  }

  /** Each session with whether its time is billable, and why not. */
  async sessionsWithBilling(
    e: Episode,
  ): Promise<(EpisodeSession & { billing: SessionBilling })[]> {
    const [sessions, ctx] = await Promise.all([
      listSessions(this.deps.db, e.id),
      billingContext(this.deps.db, e),
    ]);
    return sessions.map((s) => ({
      ...s,
      billing: sessionBilling(s, ctx.enrollments, ctx.timeZone),
    }));
  }

  report(e: Episode): Promise<EpisodeReport | null> {
    return findEpisodeReport(this.deps.db, e.id);
  }

  pageFacts(e: Episode) {
    return episodePageFacts(this.deps.db, e);
  }

  /**
   * The month's figures per practice (the program's time zone): a PCP sees
   * their practice, coordinators and admins any or all.
   */
  async figures(
    who: Actor,
    month: string,
    practiceId: string | null,
  ): Promise<PracticeFigures[]> {
    const { rows } = await this.deps.db.query<{ timezone: string }>(
      'SELECT timezone FROM programs WHERE id = $1',
      [who.programId],
    );
    const bounds = monthBounds(month, rows[0]!.timezone);
    const scope = who.role === 'pcp' ? who.practiceId : practiceId;
    const r = await figureRows(this.deps.db, {
      programId: who.programId,
      practiceId: scope,
      start: new Date(bounds.start),
      end: new Date(bounds.end),
    });
    await this.deps.audit.record({
      ...actorOf(who),
      action: 'episode.figures',
      resourceType: 'episode',
      details: { month, practiceId: scope },
    });
    const byEpisode = new Map<string, EpisodeSession[]>();
    for (const s of r.sessions)
      byEpisode.set(s.episodeId, [...(byEpisode.get(s.episodeId) ?? []), s]);
    return bhFigures(
      r.handoffs.map((h) => ({
        practiceId: h.practiceId,
        requestedAt: h.requestedAt.getTime(),
        dueAt: h.dueAt.getTime(),
        answeredAt: h.answeredAt?.getTime() ?? null,
      })),
      r.episodes.map((e) => {
        const ss = byEpisode.get(e.id) ?? [];
        const change = scoreChange(ss);
        const twoScored =
          ss.filter((s) => s.instrument === change?.instrument).length >= 2;
        return {
          practiceId: e.practiceId,
          referredAt: e.referredAt.getTime(),
          origin: e.origin,
          firstSessionAt: ss[0]?.heldAt.getTime() ?? null,
          closedAt: e.closedAt?.getTime() ?? null,
          outcome: e.outcome,
          firstScore: twoScored ? change!.first : null,
          lastScore: twoScored ? change!.last : null,
        };
      }),
      bounds,
    );
  }

  // ---- care ----

  /** Records a session; past the program's limit, 409 episode_session_limit. */
  async addSession(
    who: Actor,
    episodeId: string,
    note: SessionNote,
  ): Promise<EpisodeSession> {
    const now = this.deps.clock.now();
    const session = await this.deps.db.transaction(async (tx) => {
      // The row lock makes the count and the insert one decision.
      const e = (await findEpisode(tx, episodeId, true))!;
      const held = (await listSessions(tx, e.id)).length;
      const number = nextSessionNumber(e, held);
      const s = await insertSession(tx, {
        episodeId: e.id,
        number,
        clinicianId: who.userId,
        note,
        heldAt: now,
      });
      await this.audit(who, 'episode.session', e, tx, { number });
      return { s, patientId: e.patientId };
    });
    // As a care manager's time: the billing engine counts it toward CoCM or
    // BHI minutes when the patient is enrolled (sessionBilling says which).
    const patient = (await findPatient(this.deps.db, session.patientId))!;
    const entry = await this.deps.ledger.logCareTime(
      who,
      patient,
      'care_manager',
      {
        activity: 'care_management',
        startedAt: new Date(
          now.getTime() - note.minutes * 60_000,
        ).toISOString(),
        minutes: note.minutes,
      },
    );
    await linkSessionTime(this.deps.db, session.s.id, entry.id);
    return session.s;
  }

  async saveReport(
    who: Actor,
    e: Episode,
    draft: EpisodeReportDraft,
  ): Promise<EpisodeReport> {
    const now = this.deps.clock.now();
    await this.deps.db.transaction(async (tx) => {
      const r = await findEpisodeReport(tx, e.id);
      if (r?.status === 'signed')
        throw new AppError(
          'conflict',
          'report_signed',
          'The report is signed: add an addendum instead.',
        );
      await saveEpisodeDraft(tx, e.id, who.userId, draft, now);
      await this.audit(who, 'episode.report.save', e, tx);
    });
    return (await findEpisodeReport(this.deps.db, e.id))!;
  }

  /** Locks the report and delivers it to the referring PCP, live. */
  async signReport(who: Actor, e: Episode): Promise<EpisodeReport> {
    const now = this.deps.clock.now();
    const reportId = await this.deps.db.transaction(async (tx) => {
      const r = await findEpisodeReport(tx, e.id);
      if (!r) throw notFound('The episode report');
      if (r.status === 'signed')
        throw new AppError(
          'conflict',
          'report_signed',
          'The report is already signed.',
        );
      const missing = (['summary', 'recommendations'] as const).filter(
        (f) => !r[f].trim(),
      );
      if (missing.length)
        throw badRequest(
          'validation_failed',
          'Please complete the report before signing.',
          missing.map((field) => ({ field, message: 'is required' })),
        );
      await signEpisodeReport(tx, r.id, now);
      await this.audit(who, 'episode.report.sign', e, tx, {
        deliveredTo: e.referredBy,
      });
      return r.id;
    });
    this.deps.live.toUser(e.referredBy, 'episode:report_delivered', {
      episodeId: e.id,
      reportId,
      addendumId: null,
      signedAt: now.toISOString(),
    });
    return (await findEpisodeReport(this.deps.db, e.id))!;
  }

  async addAddendum(
    who: Actor,
    e: Episode,
    body: string,
  ): Promise<EpisodeReport> {
    const now = this.deps.clock.now();
    const ids = await this.deps.db.transaction(async (tx) => {
      const r = await findEpisodeReport(tx, e.id);
      if (r?.status !== 'signed')
        throw badRequest(
          'report_not_signed',
          'The report is still a draft: edit it instead of adding an addendum.',
        );
      const addendumId = await insertEpisodeAddendum(
        tx,
        r.id,
        who.userId,
        body,
        now,
      );
      await this.audit(who, 'episode.report.addendum', e, tx);
      return { reportId: r.id, addendumId };
    });
    this.deps.live.toUser(e.referredBy, 'episode:report_delivered', {
      episodeId: e.id,
      ...ids,
      signedAt: now.toISOString(),
    });
    return (await findEpisodeReport(this.deps.db, e.id))!;
  }

  /**
   * Closes with an outcome; needs the signed report. Stepping up also puts a
   * psychiatry consult request, pre-filled with the episode's summary and
   * screenings, in the existing queue.
   */
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
      await this.audit(who, 'episode.close', e, tx, {
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

  private async audit(
    who: Actor,
    action: string,
    e: Episode,
    tx?: Queryable,
    details?: Record<string, unknown>,
  ): Promise<void> {
    await this.deps.audit.record(
      {
        ...actorOf(who),
        action,
        patientId: e.patientId,
        resourceType: 'episode',
        resourceId: e.id,
        details,
      },
      tx,
    );
  }
}

const actorOf = (w: Actor) => ({
  userId: w.userId,
  role: w.role,
  requestId: w.requestId,
  clientIp: w.clientIp,
});
