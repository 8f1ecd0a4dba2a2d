import { randomUUID } from 'node:crypto';
import { type AuditLog, auditInsert } from '../audit/audit-log';
import { visitCallEvents } from '../billing/visit-facts-repository';
import type { CallObserverEvents } from '../calls/call-service';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { type Actor, SYSTEM_ACTOR } from '../consults/consult';
import { TransitionTx } from '../consults/consult-lifecycle';
import type { ConsultService } from '../consults/consult-service';
import type { Database } from '../db/database';
import { allOrNone, runStatement } from '../db/statement';
import { AppError } from '../errors';
import type { Observer } from '../events/typed-emitter';
import type { Logger } from '../logger';
import { mintConferenceName, mintPhoneCode } from '../visits/secret-token';
import type { VisitActor } from '../visits/visit-actor';
import {
  type IssuedInvite,
  issueInvite,
  type NewParticipant,
} from '../visits/visit-invites';
import {
  findVisit,
  insertParticipant,
  insertVisit,
} from '../visits/visit-repository';
import type { RegistryEpisode } from './registry-episode';
import { latestEpisode } from './registry-episode-repository';
import type { RegistryWork } from './registry-work-service';
import { videoContactTime } from './video-contact-time';
import {
  type CareContactCall,
  careContactConsultInsert,
  careContactOfCall,
  unrecordedCareContactCalls,
} from './video-contact-repository';

export interface VideoContactDeps {
  db: Database;
  clock: Clock;
  audit: AuditLog;
  logger: Logger;
  config: Config;
  selfUrl?: () => string | undefined;
  work: RegistryWork;
  calls: { observer: Observer<CallObserverEvents> };
  consults: Pick<ConsultService, 'complete' | 'withdraw'>;
}

/** What the care manager gets back: the link to copy or text. */
export interface StartedVideoContact extends IssuedInvite {
  consultId: string;
  visitId: string;
}

/** The coded outcome a care contact's consult completes with (no report). */
const CARE_CONTACT_OUTCOME = {
  disposition: 'care_contact',
  diagnosisCategories: [],
} as const;

/**
 * A care manager's video contact on the call engine (issue #16). Starting
 * one writes, in one transaction, a consult on the `care_management` line
 * (born accepted, the care manager its requester and only clinician), its
 * visit, the patient (or guardian) invited to it, and the link. When its
 * call ends, the call's events give the minutes (`videoContactTime`: both
 * connected, whole minutes) and `RegistryWork.logContact` writes the contact
 * and its care-management ledger row in one transaction, once per consult;
 * the consult is then completed without a report.
 */
export class VideoContacts {
  constructor(private readonly deps: VideoContactDeps) {}

  async start(
    actor: VisitActor,
    e: RegistryEpisode,
    who: NewParticipant,
  ): Promise<StartedVideoContact> {
    const d = this.deps;
    const now = d.clock.now();
    const consultId = randomUUID();
    const by: Actor = { userId: actor.user.userId, role: actor.user.role };
    return d.db.transaction(async (tx) => {
      const birth = new TransitionTx(tx, now).birth(
        consultId,
        'accepted',
        by,
        'care_contact_started',
        { actor: by, reason: 'care_manager_is_clinician' },
      );
      await runStatement(
        tx,
        allOrNone(
          [
            careContactConsultInsert({
              id: consultId,
              programId: e.programId,
              practiceId: e.practiceId,
              patientId: e.patientId,
              careManagerId: actor.user.userId,
              now,
            }),
            birth.log,
          ],
          0,
        ),
      );
      const visitId = await insertVisit(tx, {
        consultId,
        programId: e.programId,
        patientId: e.patientId,
        createdBy: actor.user.userId,
        scheduledAt: now,
        phoneCode: mintPhoneCode(),
        conferenceName: mintConferenceName(),
        now,
      });
      const participantId = await insertParticipant(tx, {
        visitId,
        role: who.role,
        displayName: who.displayName,
        language: who.language,
        phoneE164: who.phone ?? null,
        smsConsentAt: who.smsConsent && who.phone ? now : null,
        createdBy: actor.user.userId,
        now,
      });
      const visit = (await findVisit(tx, visitId))!;
      const invite = await issueInvite(
        d,
        tx,
        actor,
        visit,
        participantId,
        'link',
        who.inviteTtlMinutes,
      );
      await runStatement(
        tx,
        auditInsert({
          userId: actor.user.userId,
          role: actor.user.role,
          requestId: actor.requestId,
          clientIp: actor.clientIp,
          action: 'registry.video_contact_start',
          patientId: e.patientId,
          resourceType: 'consult',
          resourceId: consultId,
          details: { visitId, participantId, role: who.role },
        }),
      );
      return { ...invite, consultId, visitId };
    });
  }

  /** Records a care contact whenever one of its calls ends. */
  install(): () => void {
    return this.deps.calls.observer.on('ended', (callId) => {
      void this.recordCall(callId).catch((err) =>
        this.deps.logger.error(
          { err, callId },
          'video contact not recorded after its call ended',
        ),
      );
    });
  }

  /**
   * Records the contacts whose `ended` event was lost (a restart between
   * the call's end and the write): calls ended over a minute ago, so the
   * listener, when it runs, goes first. Returns the contacts written.
   */
  async sweep(): Promise<string[]> {
    const endedBefore = new Date(this.deps.clock.now().getTime() - 60_000);
    const written: string[] = [];
    for (const callId of await unrecordedCareContactCalls(
      this.deps.db,
      endedBefore,
    )) {
      const id = await this.recordCall(callId);
      if (id) written.push(id);
    }
    return written;
  }

  /**
   * The contact of a finished call: its id, or null (not a care contact,
   * another call still open, under a minute together, or already written).
   * Under a minute together is no contact: nobody was reached, and a
   * 0-minute contact would reset the registry's contact flags.
   */
  async recordCall(callId: string): Promise<string | null> {
    const d = this.deps;
    const c = await careContactOfCall(d.db, callId);
    if (!c || c.openCalls > 0) return null;
    const time = videoContactTime(
      await visitCallEvents(d.db, c.visitId),
      c.careManagerId,
    );
    const episode = time ? await latestEpisode(d.db, c.patientId) : null;
    const contactId =
      time && episode
        ? await d.work.logContact(
            {
              userId: c.careManagerId,
              role: 'care_manager',
              requestId: `call:${callId}`,
              clientIp: '',
            },
            episode,
            {
              mode: 'video',
              outcome: 'reached',
              startedAt: time.startedAt.toISOString(),
              minutes: time.minutes,
            },
            { consultId: c.consultId },
          )
        : null;
    await this.close(c);
    return contactId;
  }

  /**
   * Completes the consult without a report (from in_call or wrap_up), or
   * withdraws one whose call never had media (still accepted). Another
   * instance (or the clinician's wrap-up) may have moved it first.
   */
  private async close(c: CareContactCall): Promise<void> {
    try {
      if (c.consultStatus === 'accepted')
        await this.deps.consults.withdraw(c.consultId, 'care_contact_ended');
      else
        await this.deps.consults.complete(
          c.consultId,
          SYSTEM_ACTOR,
          CARE_CONTACT_OUTCOME,
        );
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      // Already completed, or moved to in_call after we read it: retry once.
      if (c.consultStatus === 'accepted')
        await this.deps.consults
          .complete(c.consultId, SYSTEM_ACTOR, CARE_CONTACT_OUTCOME)
          .catch((again: unknown) => {
            if (!(again instanceof AppError)) throw again;
          });
    }
  }
}
