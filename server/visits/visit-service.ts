import { inviteBaseUrl } from './invite-base-url';
import type { AuditEntry } from '../audit/audit-log';
import { enforce } from '../auth/access-gate';
import type { Principal } from '../auth/roles';
import type { Queryable } from '../db/database';
import { AppError, badRequest, conflict, notFound } from '../errors';
import type { AuditLog } from '../audit/audit-log';
import type { CallService } from '../calls/call-service';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { LiveChannel } from '../live/live-channel';
import type { Logger } from '../logger';
import type { Telephony } from '../telephony/telephony';
import { inviteExpiresAt } from './invite-expiry';
import { invitationText } from './invitation-text';
import {
  admissionBlockers,
  nextParticipantState,
  type ParticipantAction,
} from './participant-state';
import {
  hashSecretToken,
  mintConferenceName,
  mintPhoneCode,
  mintSecretToken,
} from './secret-token';
import type { Participant, Visit, VisitView } from './visit';
import { findVisitConsult, type VisitConsult } from './visit-consult';
import { dialInNumber } from '../telephony/twilio-settings';
import {
  admissionFactsOf,
  patientIsMinor,
  publishVisit,
  visitView,
} from './visit-lobby';
import {
  findParticipant,
  findVisit,
  insertInvite,
  insertParticipant,
  insertVisit,
  listConsents,
  listVisitsOfConsult,
  revokeOpenInvites,
  revokeVisitSessions,
  setParticipantState,
  setVisitStatus,
  updateParticipant,
} from './visit-repository';
import { isVisitLive, nextVisitStatus } from './visit-status';

/** Who is acting and from where, for the audit rows. */
export interface VisitActor {
  user: Principal;
  requestId: string;
  clientIp: string;
}

export interface IssuedInvite {
  participantId: string;
  url: string;
  expiresAt: string;
  channel: 'link' | 'sms';
}

/**
 * The clinician side of a virtual visit: create it, invite people (links and
 * texts), watch the waiting room, admit or remove, end. Every change writes
 * PostgreSQL (with its audit row) first, then pushes the new lobby.
 */
/** What the clinician side of visits uses. */
export interface VisitServiceDeps {
  config: Config;
  /** This server's own address once it listens: invite links in development without PUBLIC_URL. */
  selfUrl?: () => string | undefined;
  db: Database;
  clock: Clock;
  audit: AuditLog;
  live: LiveChannel;
  logger: Logger;
  calls: CallService;
}

async function participantLanguage(
  db: Queryable,
  participantId: string,
): Promise<string | null> {
  const { rows } = await db.query<{ language: string }>(
    'SELECT language FROM visit_participants WHERE id = $1',
    [participantId],
  );
  return rows[0]?.language ?? null;
}

export class VisitService {
  /** The number visitors may call when video fails (null: no phone dial-in here). */
  private readonly dialIn: string | null;

  constructor(
    private readonly deps: VisitServiceDeps,
    private readonly telephony: Telephony | null,
  ) {
    this.dialIn = dialInNumber(deps.config);
  }

  private audit(
    a: VisitActor,
    e: Omit<AuditEntry, 'userId' | 'role' | 'requestId' | 'clientIp'>,
    tx?: Queryable,
  ) {
    return this.deps.audit.record(
      {
        ...e,
        userId: a.user.userId,
        role: a.user.role,
        requestId: a.requestId,
        clientIp: a.clientIp,
      },
      tx,
    );
  }

  /** Loads the consult and applies the access policy; refusals are audited. */
  async managedConsult(
    a: VisitActor,
    consultId: string,
    action: string,
  ): Promise<VisitConsult> {
    const consult = await findVisitConsult(this.deps.db, consultId);
    if (!consult) throw notFound('The consult');
    await enforce(
      'visit',
      a.user,
      consult,
      {
        action,
        patientId: consult.patientId,
        resourceType: 'consult',
        resourceId: consultId,
      },
      (e) => this.audit(a, e),
    );
    return consult;
  }

  async managedVisit(
    a: VisitActor,
    visitId: string,
    action: string,
  ): Promise<{ visit: Visit; consult: VisitConsult }> {
    const visit = await findVisit(this.deps.db, visitId);
    if (!visit) throw notFound('The visit');
    const consult = await this.managedConsult(a, visit.consultId, action);
    return { visit, consult };
  }

  async create(
    a: VisitActor,
    consultId: string,
    scheduledAt: Date | null,
  ): Promise<VisitView> {
    const consult = await this.managedConsult(a, consultId, 'visit.create');
    const now = this.deps.clock.now();
    const id = await this.withFreshCode((phoneCode) =>
      this.deps.db.transaction(async (tx) => {
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
        await this.audit(
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
      this.deps.db,
      (await findVisit(this.deps.db, id))!,
      consult.patient.birthDate,
      now,
      this.dialIn,
    );
  }

  /** The dial-in code is unique among live visits; a clash (1 in 10^8 per live visit) just draws again. */
  private async withFreshCode<T>(fn: (code: string) => Promise<T>): Promise<T> {
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

  async list(a: VisitActor, consultId: string): Promise<VisitView[]> {
    const consult = await this.managedConsult(a, consultId, 'visit.list');
    const visits = await listVisitsOfConsult(this.deps.db, consultId);
    await this.audit(a, {
      action: 'visit.list',
      patientId: consult.patientId,
      resourceType: 'consult',
      resourceId: consultId,
      details: { count: visits.length },
    });
    const now = this.deps.clock.now();
    return Promise.all(
      visits.map((v) =>
        visitView(this.deps.db, v, consult.patient.birthDate, now, this.dialIn),
      ),
    );
  }

  async get(a: VisitActor, visitId: string): Promise<VisitView> {
    const { visit, consult } = await this.managedVisit(
      a,
      visitId,
      'visit.read',
    );
    await this.audit(a, {
      action: 'visit.read',
      patientId: visit.patientId,
      resourceType: 'visit',
      resourceId: visit.id,
    });
    return visitView(
      this.deps.db,
      visit,
      consult.patient.birthDate,
      this.deps.clock.now(),
      this.dialIn,
    );
  }

  async addParticipant(
    a: VisitActor,
    visitId: string,
    input: {
      role: Participant['role'];
      displayName: string;
      language: Participant['language'];
      phone?: string;
      smsConsent?: boolean;
      inviteTtlMinutes?: number;
    },
  ): Promise<IssuedInvite> {
    const { visit, consult } = await this.managedVisit(
      a,
      visitId,
      'visit.invite',
    );
    requireLive(visit);
    if (input.smsConsent && !input.phone)
      throw badRequest(
        'validation_failed',
        'Please check the form. phone: is required to record consent to texts.',
        [{ field: 'phone', message: 'is required with smsConsent' }],
      );
    const now = this.deps.clock.now();
    const issued = await this.deps.db.transaction(async (tx) => {
      const participantId = await insertParticipant(tx, {
        visitId,
        role: input.role,
        displayName: input.displayName,
        language: input.language,
        phoneE164: input.phone ?? null,
        smsConsentAt: input.smsConsent ? now : null,
        createdBy: a.user.userId,
        now,
      });
      const invite = await this.issueInvite(
        tx,
        a,
        visit,
        participantId,
        'link',
        input.inviteTtlMinutes,
      );
      await this.audit(
        a,
        {
          action: 'visit.participant_add',
          patientId: visit.patientId,
          resourceType: 'visit',
          resourceId: visitId,
          details: {
            participantId,
            role: input.role,
            smsConsent: !!input.smsConsent,
          },
        },
        tx,
      );
      return invite;
    });
    await publishVisit(
      this.deps.db,
      this.deps.live,
      visit,
      consult.patient.birthDate,
      now,
      this.dialIn,
    );
    return issued;
  }

  /** A new link for someone (lost text, expired link). Their unused older links stop working. */
  async reissueInvite(
    a: VisitActor,
    visitId: string,
    participantId: string,
    ttlMinutes?: number,
  ): Promise<IssuedInvite> {
    const { visit, participant } = await this.managedParticipant(
      a,
      visitId,
      participantId,
      'visit.invite_reissue',
    );
    requireLive(visit);
    if (participant.state === 'removed')
      throw conflict(
        'participant_removed',
        'This person was removed from the visit. Invite them again as a new participant.',
      );
    return this.deps.db.transaction(async (tx) => {
      await revokeOpenInvites(tx, participantId, this.deps.clock.now());
      const invite = await this.issueInvite(
        tx,
        a,
        visit,
        participantId,
        'link',
        ttlMinutes,
      );
      await this.audit(
        a,
        {
          action: 'visit.invite_reissue',
          patientId: visit.patientId,
          resourceType: 'visit',
          resourceId: visitId,
          details: { participantId },
        },
        tx,
      );
      return invite;
    });
  }

  async recordSmsConsent(
    a: VisitActor,
    visitId: string,
    participantId: string,
    phone: string,
  ): Promise<void> {
    const { visit } = await this.managedParticipant(
      a,
      visitId,
      participantId,
      'visit.sms_consent',
    );
    await this.deps.db.transaction(async (tx) => {
      await updateParticipant(tx, participantId, {
        phoneE164: phone,
        smsConsentAt: this.deps.clock.now(),
        smsConsentBy: a.user.userId,
      });
      await this.audit(
        a,
        {
          action: 'visit.sms_consent',
          patientId: visit.patientId,
          resourceType: 'visit',
          resourceId: visitId,
          details: { participantId },
        },
        tx,
      );
    });
  }

  /** Texts a fresh link. Refused until the person's consent to texts is on record. */
  async sendSmsInvite(
    a: VisitActor,
    visitId: string,
    participantId: string,
    ttlMinutes?: number,
  ): Promise<IssuedInvite & { messageSid: string }> {
    const { visit, participant } = await this.managedParticipant(
      a,
      visitId,
      participantId,
      'visit.sms_invite',
    );
    requireLive(visit);
    const sms = this.telephony?.sms;
    if (!sms)
      throw new AppError(
        'unavailable',
        'sms_not_configured',
        'Texting is not set up on this server. Copy the link and send it another way.',
      );
    if (!participant.phoneE164 || !participant.smsConsentAt) {
      await this.audit(a, {
        action: 'visit.sms_invite',
        outcome: 'denied',
        patientId: visit.patientId,
        resourceType: 'visit',
        resourceId: visitId,
        details: { participantId, reason: 'no_sms_consent' },
      });
      throw conflict(
        'sms_consent_missing',
        'Record that this person agreed to receive texts (and their number) before sending one.',
      );
    }
    const phone = participant.phoneE164;
    // The link is minted and stored first: if Twilio refuses, the transaction rolls it back.
    return this.deps.db.transaction(async (tx) => {
      await revokeOpenInvites(tx, participantId, this.deps.clock.now());
      const invite = await this.issueInvite(
        tx,
        a,
        visit,
        participantId,
        'sms',
        ttlMinutes,
      );
      const sent = await sms.send(
        phone,
        invitationText(participant.language, invite.url),
      );
      await this.audit(
        a,
        {
          action: 'visit.sms_invite',
          patientId: visit.patientId,
          resourceType: 'visit',
          resourceId: visitId,
          details: { participantId, messageSid: sent.sid },
        },
        tx,
      );
      return { ...invite, messageSid: sent.sid };
    });
  }

  private async issueInvite(
    tx: Queryable,
    a: VisitActor,
    visit: Visit,
    participantId: string,
    channel: 'link' | 'sms',
    ttlMinutes?: number,
  ): Promise<IssuedInvite> {
    const now = this.deps.clock.now();
    const token = mintSecretToken();
    const expiresAt = inviteExpiresAt(
      now,
      visit.scheduledAt,
      ttlMinutes ?? this.deps.config.INVITE_TTL_MINUTES,
    );
    await insertInvite(tx, {
      tokenHash: hashSecretToken(token),
      participantId,
      expiresAt,
      channel,
      createdBy: a.user.userId,
      now,
    });
    // In the fragment: browsers never send it to a server, so it stays out of access logs and Referer headers.
    const base = inviteBaseUrl(this.deps.config, this.deps.selfUrl?.());
    return {
      participantId,
      // The language rides along, so even a refused link answers in it.
      url: `${base}/visit/join#t=${token}${(await participantLanguage(tx, participantId)) === 'es' ? '&l=es' : ''}`,
      expiresAt: expiresAt.toISOString(),
      channel,
    };
  }

  async managedParticipant(
    a: VisitActor,
    visitId: string,
    participantId: string,
    action: string,
  ): Promise<{
    visit: Visit;
    consult: VisitConsult;
    participant: Participant;
  }> {
    const { visit, consult } = await this.managedVisit(a, visitId, action);
    const participant = await findParticipant(this.deps.db, participantId);
    if (!participant || participant.visitId !== visit.id)
      throw notFound('The participant');
    return { visit, consult, participant };
  }

  /** Lets a waiting person into the call. Refused, with the reasons, until identity and consents are done. */
  async admit(
    a: VisitActor,
    visitId: string,
    participantId: string,
  ): Promise<VisitView> {
    return this.move(a, visitId, participantId, 'admit', null);
  }

  async returnToWaiting(
    a: VisitActor,
    visitId: string,
    participantId: string,
  ): Promise<VisitView> {
    return this.move(a, visitId, participantId, 'return_to_waiting', null);
  }

  /** Takes someone out for good: their links and visit token stop working and they leave any call. */
  async remove(
    a: VisitActor,
    visitId: string,
    participantId: string,
    reason: string,
  ): Promise<VisitView> {
    return this.move(a, visitId, participantId, 'remove', reason);
  }

  private async move(
    a: VisitActor,
    visitId: string,
    participantId: string,
    action: ParticipantAction,
    reason: string | null,
  ): Promise<VisitView> {
    const { visit: loaded, consult } = await this.managedParticipant(
      a,
      visitId,
      participantId,
      `visit.${action}`,
    );
    requireLive(loaded);
    const now = this.deps.clock.now();
    const minor = patientIsMinor(consult.patient.birthDate, now);
    const visit = await this.deps.db.transaction(async (tx) => {
      const v = (await findVisit(tx, visitId, true))!;
      const p = (await findParticipant(tx, participantId, true))!;
      const to = nextParticipantState(p.state, action);
      if (action === 'admit') {
        const blockers = admissionBlockers(
          admissionFactsOf(p, await listConsents(tx, visitId), minor),
        );
        if (blockers.length)
          throw conflict(
            'not_ready_for_admission',
            'This person has not finished checking in yet.',
            { blockers },
          );
        const status = nextVisitStatus(v.status, 'admit_first');
        if (status !== v.status)
          await setVisitStatus(tx, visitId, status, now, null);
      }
      await setParticipantState(
        tx,
        participantId,
        to,
        now,
        action === 'remove' ? reason : null,
      );
      if (action === 'remove') {
        await revokeOpenInvites(tx, participantId, now);
        await revokeVisitSessions(tx, participantId, now);
      }
      await this.audit(
        a,
        {
          action: `visit.${action}`,
          patientId: v.patientId,
          resourceType: 'visit',
          resourceId: visitId,
          details: {
            participantId,
            role: p.role,
            ...(reason ? { reason } : {}),
          },
        },
        tx,
      );
      return (await findVisit(tx, visitId))!;
    });
    if (action !== 'admit') await this.pullFromCall(visitId, participantId);
    return publishVisit(
      this.deps.db,
      this.deps.live,
      visit,
      consult.patient.birthDate,
      now,
      this.dialIn,
    );
  }

  async end(a: VisitActor, visitId: string): Promise<VisitView> {
    const { visit: loaded, consult } = await this.managedVisit(
      a,
      visitId,
      'visit.end',
    );
    const now = this.deps.clock.now();
    const visit = await this.deps.db.transaction(async (tx) => {
      const v = (await findVisit(tx, visitId, true))!;
      const status = nextVisitStatus(
        v.status,
        v.status === 'scheduled' ? 'cancel' : 'end',
      );
      await setVisitStatus(tx, visitId, status, now, a.user.userId);
      const { rows } = await tx.query<{ id: string }>(
        `SELECT id FROM visit_participants WHERE visit_id = $1`,
        [visitId],
      );
      for (const r of rows) {
        await revokeOpenInvites(tx, r.id, now);
        await revokeVisitSessions(tx, r.id, now);
      }
      await this.audit(
        a,
        {
          action: 'visit.end',
          patientId: v.patientId,
          resourceType: 'visit',
          resourceId: visitId,
          details: { status },
        },
        tx,
      );
      return (await findVisit(tx, visitId))!;
    });
    await this.endCall(a, loaded.id);
    return publishVisit(
      this.deps.db,
      this.deps.live,
      visit,
      consult.patient.birthDate,
      now,
      this.dialIn,
    );
  }

  /** Removed or back to the waiting room: out of the visit's running call, if they are in it. */
  private async pullFromCall(
    visitId: string,
    participantId: string,
  ): Promise<void> {
    const { rows } = await this.deps.db.query<{ id: string }>(
      `SELECT c.id FROM calls c JOIN call_participants cp ON cp.call_id = c.id
        WHERE c.visit_id = $1 AND c.status = 'open' AND cp.participant_id = $2 AND cp.state <> 'left'`,
      [visitId, participantId],
    );
    for (const r of rows)
      await this.deps.calls
        .removeParticipant(r.id, participantId)
        .catch((err) =>
          this.deps.logger.warn(
            { err, visitId },
            'could not remove visitor from call',
          ),
        );
  }

  /** The visit is over: so is its call, for everyone in it. */
  private async endCall(a: VisitActor, visitId: string): Promise<void> {
    const { rows } = await this.deps.db.query<{ id: string }>(
      `SELECT id FROM calls WHERE visit_id = $1 AND status = 'open'`,
      [visitId],
    );
    for (const r of rows) {
      await this.deps.calls
        .end(
          r.id,
          {
            participantId: a.user.userId,
            userId: a.user.userId,
            role: a.user.role,
          },
          'ended_by_clinician',
        )
        .catch((err) =>
          this.deps.logger.warn(
            { err, visitId },
            'could not end the visit call',
          ),
        );
    }
  }
}

function requireLive(v: Visit): void {
  if (!isVisitLive(v.status))
    throw conflict('visit_over', 'This visit has ended.');
}
