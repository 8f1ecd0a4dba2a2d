import type { Telephony } from '../telephony/telephony';
import { dialInNumber } from '../telephony/twilio-settings';
import { mintConferenceName, mintPhoneCode } from './secret-token';
import type { Participant, Visit, VisitView } from './visit';
import {
  managedConsult,
  managedParticipant,
  managedVisit,
} from './visit-access';
import { type VisitActor, auditAs } from './visit-actor';
import { moveParticipant } from './visit-admission';
import type { VisitConsult } from './visit-consult';
import { endVisit } from './visit-ending';
import {
  addParticipant,
  type IssuedInvite,
  type NewParticipant,
  reissueInvite,
} from './visit-invites';
import { visitView } from './visit-lobby';
import {
  findVisit,
  insertVisit,
  listVisitsOfConsult,
} from './visit-repository';
import type { VisitServiceDeps, VisitWork } from './visit-service-deps';
import { recordSmsConsent, sendSmsInvite } from './visit-sms-invites';

export type { VisitActor } from './visit-actor';
export type { IssuedInvite } from './visit-invites';
export type { VisitServiceDeps } from './visit-service-deps';

/**
 * The clinician side of a virtual visit: create it, invite people (links and
 * texts), watch the waiting room, admit or remove, end. Every change writes
 * PostgreSQL (with its audit row) first, then pushes the new lobby.
 *
 * This class is the one entry point; each concern lives in its own file:
 * visit-access (loading under the access policy), visit-invites and
 * visit-sms-invites, visit-admission (waiting room moves), visit-ending.
 */
export class VisitService {
  private readonly w: VisitWork;

  constructor(
    deps: VisitServiceDeps,
    private readonly telephony: Telephony | null,
  ) {
    this.w = { ...deps, dialIn: dialInNumber(deps.config) };
  }

  /** Loads the consult and applies the access policy; refusals are audited. */
  managedConsult(
    a: VisitActor,
    consultId: string,
    action: string,
  ): Promise<VisitConsult> {
    return managedConsult(this.w, a, consultId, action);
  }

  managedVisit(
    a: VisitActor,
    visitId: string,
    action: string,
  ): Promise<{ visit: Visit; consult: VisitConsult }> {
    return managedVisit(this.w, a, visitId, action);
  }

  managedParticipant(
    a: VisitActor,
    visitId: string,
    participantId: string,
    action: string,
  ): Promise<{
    visit: Visit;
    consult: VisitConsult;
    participant: Participant;
  }> {
    return managedParticipant(this.w, a, visitId, participantId, action);
  }

  async create(
    a: VisitActor,
    consultId: string,
    scheduledAt: Date | null,
  ): Promise<VisitView> {
    const w = this.w;
    const consult = await managedConsult(w, a, consultId, 'visit.create');
    const now = w.clock.now();
    const id = await withFreshCode((phoneCode) =>
      w.db.transaction(async (tx) => {
        const visitId = await insertVisit(tx, {
          consultId,
          programId: consult.programId,
          patientId: consult.patientId,
          createdBy: a.user.userId,
          scheduledAt: scheduledAt ?? now,
          phoneCode,
          conferenceName: mintConferenceName(),
          now,
        });
        await auditAs(
          w.audit,
          a,
          {
            action: 'visit.create',
            patientId: consult.patientId,
            resourceType: 'visit',
            resourceId: visitId,
            details: { consultId },
          },
          tx,
        );
        return visitId;
      }),
    );
    return visitView(
      w.db,
      (await findVisit(w.db, id))!,
      consult.patient.birthDate,
      now,
      w.dialIn,
    );
  }

  async list(a: VisitActor, consultId: string): Promise<VisitView[]> {
    const w = this.w;
    const consult = await managedConsult(w, a, consultId, 'visit.list');
    const visits = await listVisitsOfConsult(w.db, consultId);
    await auditAs(w.audit, a, {
      action: 'visit.list',
      patientId: consult.patientId,
      resourceType: 'consult',
      resourceId: consultId,
      details: { count: visits.length },
    });
    const now = w.clock.now();
    return Promise.all(
      visits.map((v) =>
        visitView(w.db, v, consult.patient.birthDate, now, w.dialIn),
      ),
    );
  }

  async get(a: VisitActor, visitId: string): Promise<VisitView> {
    const w = this.w;
    const { visit, consult } = await managedVisit(w, a, visitId, 'visit.read');
    await auditAs(w.audit, a, {
      action: 'visit.read',
      patientId: visit.patientId,
      resourceType: 'visit',
      resourceId: visit.id,
    });
    return visitView(
      w.db,
      visit,
      consult.patient.birthDate,
      w.clock.now(),
      w.dialIn,
    );
  }

  addParticipant(
    a: VisitActor,
    visitId: string,
    input: NewParticipant,
  ): Promise<IssuedInvite> {
    return addParticipant(this.w, a, visitId, input);
  }

  /** A new link for someone (lost text, expired link). Their unused older links stop working. */
  reissueInvite(
    a: VisitActor,
    visitId: string,
    participantId: string,
    ttlMinutes?: number,
  ): Promise<IssuedInvite> {
    return reissueInvite(this.w, a, visitId, participantId, ttlMinutes);
  }

  recordSmsConsent(
    a: VisitActor,
    visitId: string,
    participantId: string,
    phone: string,
  ): Promise<void> {
    return recordSmsConsent(this.w, a, visitId, participantId, phone);
  }

  /** Texts a fresh link. Refused until the person's consent to texts is on record. */
  sendSmsInvite(
    a: VisitActor,
    visitId: string,
    participantId: string,
    ttlMinutes?: number,
  ): Promise<IssuedInvite & { messageSid: string }> {
    return sendSmsInvite(
      this.w,
      this.telephony,
      a,
      visitId,
      participantId,
      ttlMinutes,
    );
  }

  /** Lets a waiting person into the call. Refused, with the reasons, until identity and consents are done. */
  admit(
    a: VisitActor,
    visitId: string,
    participantId: string,
  ): Promise<VisitView> {
    return moveParticipant(this.w, a, visitId, participantId, 'admit', null);
  }

  returnToWaiting(
    a: VisitActor,
    visitId: string,
    participantId: string,
  ): Promise<VisitView> {
    return moveParticipant(
      this.w,
      a,
      visitId,
      participantId,
      'return_to_waiting',
      null,
    );
  }

  /** Takes someone out for good: their links and visit token stop working and they leave any call. */
  remove(
    a: VisitActor,
    visitId: string,
    participantId: string,
    reason: string,
  ): Promise<VisitView> {
    return moveParticipant(this.w, a, visitId, participantId, 'remove', reason);
  }

  end(a: VisitActor, visitId: string): Promise<VisitView> {
    return endVisit(this.w, a, visitId);
  }
}

/** The dial-in code is unique among live visits; a clash (1 in 10^8 per live visit) just draws again. */
async function withFreshCode<T>(fn: (code: string) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(mintPhoneCode());
    } catch (err) {
      if (
        attempt < 4 &&
        /visits_phone_code_live/.test(String((err as Error).message))
      )
        continue;
      throw err;
    }
  }
}
