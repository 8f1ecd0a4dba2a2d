import type { AuditLog } from '../audit/audit-log';
import type { LedgerService } from '../billing/ledger-service';
import type { Clock } from '../clock';
import type { Database, Queryable } from '../db/database';
import { findPatient } from '../patients/patient-repository';
import type { AssessmentService } from '../screening/assessment-service';
import { findAssessment } from '../screening/assessment-repository';
import type { SessionNote } from '../../signaling/protocol/rest/episodes';
import {
  type Episode,
  type EpisodeSession,
  nextSessionNumber,
  type SessionScreening,
} from './episode';
import { type Actor, actorOf, auditEpisode } from './episode-audit';
import {
  billingContext,
  findEpisode,
  insertSession,
  listSessions,
} from './episode-repository';
import { type SessionBilling, sessionBilling } from './session-billing';

export interface EpisodeSessionsDeps {
  db: Database;
  clock: Clock;
  audit: AuditLog;
  /** Session minutes go to the time ledger as care-management time. */
  ledger: Pick<LedgerService, 'appendCareTime' | 'refreshCareMonth'>;
  /** A session's screening is stored (and scored) as an assessment. */
  assessments: Pick<AssessmentService, 'record'>;
}

/**
 * An episode's sessions: held up to the episode's limit, each with its
 * minutes in the time ledger. The caller checked `episode_care` access.
 */
export class EpisodeSessions {
  constructor(private readonly deps: EpisodeSessionsDeps) {}

  list(e: Episode): Promise<EpisodeSession[]> {
    return listSessions(this.deps.db, e.id);
  }

  /** Each session with whether its time is billable, and why not. */
  async withBilling(
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

  /**
   * Records a session and its minutes in one transaction: a failure leaves
   * neither (no session without its time, no time without its session).
   * A session that gives a screening stores it as an assessment (scored
   * here, answered by the clinician on the patient's behalf) in that same
   * transaction, so the chart shows it and a refused session leaves no
   * score behind. Past the episode's limit, 409 episode_session_limit.
   */
  async add(
    who: Actor,
    episodeId: string,
    note: SessionNote,
  ): Promise<EpisodeSession> {
    const now = this.deps.clock.now();
    let written: Written | null = null;
    if (!note.screening) {
      written = await this.deps.db.transaction(async (tx) =>
        this.insert(tx, await this.hold(tx, who, episodeId, note, now), null),
      );
    } else {
      const { instrument, items } = note.screening;
      const e = (await findEpisode(this.deps.db, episodeId))!;
      const patient = (await findPatient(this.deps.db, e.patientId))!;
      let held: Held | null = null;
      await this.deps.assessments.record(
        patient,
        {
          instrument,
          items,
          answeredBy: 'clinician',
          answeredAt: now,
          orderedBy: who.userId,
          enteredBy: who.userId,
        },
        actorOf(who),
        {
          before: async (tx) => {
            held = await this.hold(tx, who, episodeId, note, now);
          },
          after: async (tx, assessmentId) => {
            const a = (await findAssessment(tx, assessmentId))!;
            written = await this.insert(tx, held!, {
              assessmentId,
              instrument: a.instrument,
              score: a.total,
            });
          },
        },
      );
    }
    const w = written as Written | null;
    await this.deps.ledger.refreshCareMonth(w!.patientId, w!.startedAt);
    return w!.session;
  }

  /**
   * Takes the session's number under the episode's row lock (the count and
   * the insert are one decision) and appends its minutes to the ledger.
   */
  private async hold(
    tx: Queryable,
    who: Actor,
    episodeId: string,
    note: SessionNote,
    now: Date,
  ): Promise<Held> {
    const e = (await findEpisode(tx, episodeId, true))!;
    const held = (await listSessions(tx, e.id)).length;
    const number = nextSessionNumber(e, held);
    const patient = (await findPatient(tx, e.patientId))!;
    // As a care manager's time: the billing engine counts it toward CoCM
    // or BHI minutes when the patient is enrolled (sessionBilling says
    // which).
    const entry = await this.deps.ledger.appendCareTime(
      tx,
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
    return { e, number, note, now, who, entry };
  }

  private async insert(
    tx: Queryable,
    h: Held,
    screening: SessionScreening | null,
  ): Promise<Written> {
    const session = await insertSession(tx, {
      episodeId: h.e.id,
      number: h.number,
      clinicianId: h.who.userId,
      note: h.note,
      heldAt: h.now,
      ledgerEntryId: h.entry.id,
      screening,
    });
    await auditEpisode(this.deps.audit, h.who, 'episode.session', h.e, tx, {
      number: h.number,
      ...(screening ? { assessmentId: screening.assessmentId } : {}),
    });
    return {
      session,
      patientId: h.e.patientId,
      startedAt: h.entry.startedAt,
    };
  }
}

/** A session's number taken and its minutes in the ledger, not yet stored. */
interface Held {
  e: Episode;
  number: number;
  note: SessionNote;
  now: Date;
  who: Actor;
  entry: { id: string; startedAt: Date };
}

interface Written {
  session: EpisodeSession;
  patientId: string;
  startedAt: Date;
}
