import type { AuditLog } from '../audit/audit-log';
import type { LedgerService } from '../billing/ledger-service';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { findPatient } from '../patients/patient-repository';
import type { SessionNote } from '../../signaling/protocol/rest/episodes';
import {
  type Episode,
  type EpisodeSession,
  nextSessionNumber,
} from './episode';
import { type Actor, auditEpisode } from './episode-audit';
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
   * Past the episode's limit, 409 episode_session_limit.
   */
  async add(
    who: Actor,
    episodeId: string,
    note: SessionNote,
  ): Promise<EpisodeSession> {
    const now = this.deps.clock.now();
    const { session, patientId, startedAt } = await this.deps.db.transaction(
      async (tx) => {
        // The row lock makes the count and the insert one decision.
        const e = (await findEpisode(tx, episodeId, true))!;
        const held = (await listSessions(tx, e.id)).length;
        const number = nextSessionNumber(e, held);
        const patient = (await findPatient(tx, e.patientId))!;
        // As a care manager's time: the billing engine counts it toward
        // CoCM or BHI minutes when the patient is enrolled
        // (sessionBilling says which).
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
        const session = await insertSession(tx, {
          episodeId: e.id,
          number,
          clinicianId: who.userId,
          note,
          heldAt: now,
          ledgerEntryId: entry.id,
        });
        await auditEpisode(this.deps.audit, who, 'episode.session', e, tx, {
          number,
        });
        return { session, patientId: e.patientId, startedAt: entry.startedAt };
      },
    );
    await this.deps.ledger.refreshCareMonth(patientId, startedAt);
    return session;
  }
}
