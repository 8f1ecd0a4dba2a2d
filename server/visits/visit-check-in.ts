import { z } from 'zod';
import { releaseAttempt, reserveAttempt } from '../auth/attempt-counter';
import type { AuditEntry } from '../audit/audit-log';
import type { Queryable } from '../db/database';
import { AppError, badRequest, conflict, tooManyRequests } from '../errors';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { LiveChannel } from '../live/live-channel';
import type { Logger } from '../logger';
import { dialInNumber } from '../telephony/twilio-settings';
import type { Visitor } from '../../signaling/socket-identity';
import {
  CONSENT_KINDS,
  consentText,
  findShownText,
  type ShownConsentText,
  type VisitLanguage,
} from './consent-texts';
import {
  claimedName,
  identityMatches,
  MAX_IDENTITY_FAILURES,
  type IdentityClaim,
} from './identity-check';
import { checkInBlockers, nextParticipantState } from './participant-state';
import {
  hashSecretToken,
  looksLikeSecretToken,
  mintSecretToken,
} from './secret-token';
import type { Participant, Visit } from './visit';
import { findVisitConsult } from './visit-consult';
import {
  admissionFactsOf,
  ownState,
  patientIsMinor,
  publishVisit,
  type OwnVisitState,
} from './visit-lobby';
import {
  findInviteForUpdate,
  findParticipant,
  forgetIdentityCheck,
  liveDeviceSeenAt,
  markDeviceSeen,
  findVisit,
  insertConsent,
  releaseIdentityAttempt,
  reserveIdentityAttempt,
  insertVisitSession,
  listConsents,
  listParticipants,
  markInviteUsed,
  revokeOpenInvites,
  revokeVisitSessions,
  setParticipantState,
  updateParticipant,
} from './visit-repository';
import { isVisitLive } from './visit-status';
import { recomputeConsult } from '../billing/billing-recompute';
import { consentKindsOffered } from './consent-offer';
import { recordOnlineConsultConsent } from './online-consult-consent';

export interface VisitorOrigin {
  clientIp: string;
  requestId: string;
}

export const consentSubmissionSchema = z.object({
  language: z.enum(['en', 'es']),
  /** Who is agreeing: the patient, or for a minor the parent or guardian holding the phone. */
  signerName: z.string().trim().min(2, 'is required').max(200),
  signerRelationship: z.string().trim().max(60).optional(),
  consents: z
    .array(
      z.object({
        kind: z.enum(CONSENT_KINDS),
        version: z.string().min(1).max(60),
        sha256: z
          .string()
          .regex(/^[0-9a-f]{64}$/, 'must be the SHA-256 of the text shown'),
      }),
    )
    .min(1, 'agree to at least one text'),
});
export type ConsentSubmission = z.infer<typeof consentSubmissionSchema>;

/**
 * How recently a visit token must have been seen for its device to count as
 * in use: the socket server re-checks every connected visitor each 15 s.
 */
export const DEVICE_LIVE_MS = 40_000;

/** The program's number a family may call when a link does not open. */
async function clinicPhoneOf(
  db: Queryable,
  consultId: string,
): Promise<string | null> {
  const { rows } = await db.query<{ phone: string | null }>(
    `SELECT g.contact_phone AS phone FROM consults c JOIN programs g ON g.id = c.program_id WHERE c.id = $1`,
    [consultId],
  );
  return rows[0]?.phone ?? null;
}

/** Why an invite link did not open: each has its own page telling the person what to do. */
const INVITE_REFUSALS = {
  invite_invalid: [
    'not_found',
    'This visit link is not valid. Check that you opened the whole link, or ask your clinic for a new one.',
  ],
  invite_used: [
    'gone',
    'This visit link has already been used. Ask your clinic to send you a new link.',
  ],
  invite_expired: [
    'gone',
    'This visit link has expired. Ask your clinic to send you a new link.',
  ],
  visit_open_elsewhere: [
    'conflict',
    'This visit is open on another phone or computer right now. Use that one, or close it there and open this link again in a minute.',
  ],
  invite_revoked: [
    'gone',
    'This visit link was cancelled. Ask your clinic to send you a new link.',
  ],
} as const;

/**
 * The visitor side of a visit: an invite link is exchanged (once, by POST)
 * for a short-lived visit token, then identity, consent and the waiting room.
 * A visitor only ever reads and changes their own participant row.
 */
/** What the visitor side of visits uses. */
export interface VisitCheckInDeps {
  config: Config;
  db: Database;
  clock: Clock;
  audit: AuditLog;
  live: LiveChannel;
  logger: Logger;
}

export class VisitCheckIn {
  /** The number visitors may call when video fails (null: no phone dial-in here). */
  private readonly dialIn: string | null;

  constructor(private readonly deps: VisitCheckInDeps) {
    this.dialIn = dialInNumber(deps.config);
  }

  private audit(
    v: { visitId: string; participantId: string; patientId: string },
    o: VisitorOrigin,
    e: Omit<AuditEntry, 'actorLabel' | 'requestId' | 'clientIp'>,
    tx?: Queryable,
  ) {
    return this.deps.audit.record(
      {
        resourceType: 'visit',
        resourceId: v.visitId,
        patientId: v.patientId,
        ...e,
        actorLabel: 'patient-visit',
        requestId: o.requestId,
        clientIp: o.clientIp,
        details: { participantId: v.participantId, ...e.details },
      },
      tx,
    );
  }

  async exchange(
    inviteToken: string,
    o: VisitorOrigin,
  ): Promise<{ visitToken: string; expiresAt: string; state: OwnVisitState }> {
    const now = this.deps.clock.now();
    // Reserved before the token is looked up (one conditional statement), given back when the token is known.
    const guessLimit = {
      scope: 'invite:address',
      key: o.clientIp,
      limit: this.deps.config.INVITE_MAX_FAILURES,
      windowSeconds: this.deps.config.INVITE_FAILURE_WINDOW_SECONDS,
    };
    const reserved = await reserveAttempt(this.deps.db, guessLimit, now);
    if (!reserved.ok) {
      await this.deps.audit.record({
        action: 'visit.invite_throttled',
        outcome: 'denied',
        actorLabel: 'patient-visit',
        requestId: o.requestId,
        clientIp: o.clientIp,
      });
      throw tooManyRequests(
        'Too many visit links were tried from this connection. Wait a few minutes, then open the link from your text again.',
        reserved.retryAfterSeconds,
      );
    }
    const tokenHash = hashSecretToken(inviteToken);
    const outcome = await this.deps.db.transaction(async (tx) => {
      const invite = looksLikeSecretToken(inviteToken)
        ? await findInviteForUpdate(tx, tokenHash)
        : null;
      if (!invite)
        return { ok: false as const, refused: 'invite_invalid' as const };
      const participant = (await findParticipant(
        tx,
        invite.participantId,
        true,
      ))!;
      const visit = (await findVisit(tx, participant.visitId))!;
      const who = {
        visitId: visit.id,
        participantId: participant.id,
        patientId: visit.patientId,
      };
      // A used link opens again for its person until the visit ends (a lost
      // tab, a killed browser), unless their other device is live right now.
      const reentry = invite.usedAt !== null;
      const seenAt = reentry
        ? await liveDeviceSeenAt(tx, participant.id, now)
        : null;
      const refused: keyof typeof INVITE_REFUSALS | null =
        invite.revokedAt ||
        participant.state === 'removed' ||
        !isVisitLive(visit.status)
          ? 'invite_revoked'
          : seenAt && now.getTime() - seenAt.getTime() < DEVICE_LIVE_MS
            ? 'visit_open_elsewhere'
            : !reentry && invite.expiresAt.getTime() <= now.getTime()
              ? 'invite_expired'
              : null;
      if (refused) {
        await this.audit(
          who,
          o,
          {
            action: 'visit.invite_refused',
            outcome: 'denied',
            details: { code: refused },
          },
          tx,
        );
        return {
          ok: false as const,
          refused,
          clinicPhone: await clinicPhoneOf(tx, visit.consultId),
        };
      }
      if (!reentry) await markInviteUsed(tx, tokenHash, now);
      // One device at a time: a person who opens a newer link on another phone ends the older token.
      await revokeVisitSessions(tx, participant.id, now);
      await markDeviceSeen(tx, participant.id, now);
      if (reentry && participant.state !== 'invited') {
        // A new device: check who it is again, then the waiting room; the
        // clinician admits them back. Consent given stays given.
        await forgetIdentityCheck(tx, participant.id);
        await setParticipantState(tx, participant.id, 'checking_in', now);
      } else
        await setParticipantState(
          tx,
          participant.id,
          nextParticipantState(participant.state, 'exchange'),
          now,
        );
      const visitToken = mintSecretToken();
      const expiresAt = new Date(
        now.getTime() + this.deps.config.VISIT_TOKEN_TTL_SECONDS * 1000,
      );
      await insertVisitSession(tx, {
        tokenHash: hashSecretToken(visitToken),
        participantId: participant.id,
        expiresAt,
        clientIp: o.clientIp,
        now,
      });
      await this.audit(
        who,
        o,
        {
          action: 'visit.invite_exchange',
          details: { role: participant.role, reentry },
        },
        tx,
      );
      return {
        ok: true as const,
        visitToken,
        expiresAt,
        visit,
        participantId: participant.id,
      };
    });
    // Only unknown tokens count as guesses: a family reopening an old text is not an attacker.
    if (outcome.ok || outcome.refused !== 'invite_invalid')
      await releaseAttempt(this.deps.db, guessLimit.scope, guessLimit.key);
    if (!outcome.ok) {
      if (outcome.refused === 'invite_invalid') {
        await this.deps.audit.record({
          action: 'visit.invite_refused',
          outcome: 'denied',
          actorLabel: 'patient-visit',
          requestId: o.requestId,
          clientIp: o.clientIp,
          details: { code: outcome.refused },
        });
      }
      const [status, message] = INVITE_REFUSALS[outcome.refused];
      const clinicPhone = 'clinicPhone' in outcome ? outcome.clinicPhone : null;
      throw new AppError(
        status,
        outcome.refused,
        message,
        clinicPhone ? { clinicPhone } : undefined,
      );
    }
    const { state } = await this.load(outcome.visit.id, outcome.participantId);
    await this.publish(outcome.visit);
    return {
      visitToken: outcome.visitToken,
      expiresAt: outcome.expiresAt.toISOString(),
      state,
    };
  }

  private async load(
    visitId: string,
    participantId: string,
    tx: Queryable = this.deps.db,
  ) {
    const visit = (await findVisit(tx, visitId))!;
    const participant = (await findParticipant(tx, participantId))!;
    const consult = (await findVisitConsult(tx, visit.consultId))!;
    const consents = await listConsents(tx, visitId);
    const minor = patientIsMinor(
      consult.patient.birthDate,
      this.deps.clock.now(),
    );
    return {
      visit,
      participant,
      consult,
      consents,
      minor,
      state: ownState(visit, participant, consents, minor, this.dialIn),
    };
  }

  private async publish(visit: Visit): Promise<void> {
    const consult = (await findVisitConsult(this.deps.db, visit.consultId))!;
    await publishVisit(
      this.deps.db,
      this.deps.live,
      (await findVisit(this.deps.db, visit.id))!,
      consult.patient.birthDate,
      this.deps.clock.now(),
      this.dialIn,
    );
  }

  async state(v: Visitor): Promise<OwnVisitState> {
    return (await this.load(v.visitId, v.participantId)).state;
  }

  /** The consent texts this person is asked to agree to, in their language. */
  async consentTexts(
    v: Visitor,
    language: VisitLanguage,
  ): Promise<ShownConsentText[]> {
    const { participant, minor, consents } = await this.load(
      v.visitId,
      v.participantId,
    );
    const others = await listParticipants(this.deps.db, v.visitId);
    const kinds = consentKindsOffered({
      role: participant.role,
      patientIsMinor: minor,
      guardianInvited: others.some(
        (p) => p.role === 'guardian' && p.state !== 'removed',
      ),
      guardianConsented: consents.some((c) => c.kind === 'guardian_for_minor'),
    });
    return kinds.map((k) => consentText(k, language));
  }

  async confirmIdentity(
    v: Visitor,
    claim: IdentityClaim,
    o: VisitorOrigin,
  ): Promise<OwnVisitState> {
    const { participant, consult, visit } = await this.load(
      v.visitId,
      v.participantId,
    );
    const who = {
      visitId: visit.id,
      participantId: participant.id,
      patientId: visit.patientId,
    };
    requireCheckingIn(participant);
    if (claim.role !== participant.role)
      throw badRequest(
        'validation_failed',
        `Please check the form. role: must be "${participant.role}".`,
        [{ field: 'role', message: `must be ${participant.role}` }],
      );
    // One conditional statement reserves this check: concurrent guesses cannot all be compared.
    const failures = await reserveIdentityAttempt(
      this.deps.db,
      participant.id,
      MAX_IDENTITY_FAILURES,
    );
    if (failures === null)
      throw new AppError(
        'forbidden',
        'identity_check_locked',
        'We could not confirm who you are. Please call your clinic; they can send you a new link.',
      );
    if (!identityMatches(claim, consult.patient)) {
      await this.deps.db.transaction(async (tx) => {
        if (failures >= MAX_IDENTITY_FAILURES) {
          await setParticipantState(
            tx,
            participant.id,
            'removed',
            this.deps.clock.now(),
            'identity_check_failed',
          );
          await revokeVisitSessions(tx, participant.id, this.deps.clock.now());
          await revokeOpenInvites(tx, participant.id, this.deps.clock.now());
        }
        await this.audit(
          who,
          o,
          {
            action: 'visit.identity_check',
            outcome: 'denied',
            details: { failures },
          },
          tx,
        );
      });
      await this.publish(visit);
      if (failures >= MAX_IDENTITY_FAILURES)
        throw new AppError(
          'forbidden',
          'identity_check_locked',
          'We could not confirm who you are. Please call your clinic; they can send you a new link.',
        );
      throw new AppError(
        'unprocessable',
        'identity_mismatch',
        'That does not match our records. Check the spelling and the date of birth and try again.',
        { attemptsLeft: MAX_IDENTITY_FAILURES - failures },
      );
    }
    await this.deps.db.transaction(async (tx) => {
      await releaseIdentityAttempt(tx, participant.id);
      await updateParticipant(tx, participant.id, {
        identityConfirmedAt: this.deps.clock.now(),
        confirmedName: claimedName(claim),
        relationship: claim.role === 'guardian' ? claim.relationship : null,
      });
      await this.audit(who, o, { action: 'visit.identity_check' }, tx);
    });
    await this.publish(visit);
    return this.state(v);
  }

  async consent(
    v: Visitor,
    sub: ConsentSubmission,
    o: VisitorOrigin,
  ): Promise<OwnVisitState> {
    const { participant, visit, minor } = await this.load(
      v.visitId,
      v.participantId,
    );
    requireCheckingIn(participant);
    const allowed = await this.consentTexts(v, sub.language);
    const now = this.deps.clock.now();
    const consultConsent = await this.deps.db.transaction(async (tx) => {
      const agreed: ShownConsentText[] = [];
      for (const c of sub.consents) {
        const shown = findShownText(c.kind, c.version, c.sha256);
        if (!shown || !allowed.some((a) => a.kind === c.kind)) {
          throw conflict(
            'consent_text_outdated',
            'The consent text has changed. Please read the current text and agree again.',
            { kind: c.kind },
          );
        }
        if (c.kind === 'guardian_for_minor' && !minor)
          throw badRequest(
            'validation_failed',
            'Please check the form. consents: a guardian consent is only for a patient under 18.',
          );
        if (
          c.kind === 'guardian_for_minor' &&
          !sub.signerRelationship &&
          participant.role === 'patient'
        ) {
          throw badRequest(
            'validation_failed',
            'Please check the form. signerRelationship: say how you are related to the patient.',
            [
              {
                field: 'signerRelationship',
                message: 'is required for a guardian consent',
              },
            ],
          );
        }
        await insertConsent(tx, {
          visitId: visit.id,
          participantId: participant.id,
          kind: c.kind,
          version: shown.version,
          language: shown.language,
          sha256: shown.sha256,
          signerName: sub.signerName,
          relationship: sub.signerRelationship ?? participant.relationship,
          now,
          clientIp: o.clientIp,
        });
        agreed.push(shown);
      }
      const wrote = await recordOnlineConsultConsent(tx, {
        visit,
        shown: agreed,
        signerName: sub.signerName,
        relationship: sub.signerRelationship ?? participant.relationship,
        now,
      });
      await this.audit(
        {
          visitId: visit.id,
          participantId: participant.id,
          patientId: visit.patientId,
        },
        o,
        {
          action: 'visit.consent',
          details: {
            kinds: sub.consents.map((c) => c.kind),
            consultConsent: wrote,
          },
        },
        tx,
      );
      return wrote;
    });
    if (consultConsent)
      // The consent is kept either way; a failed recompute is retried by the next fact.
      await recomputeConsult(this.deps, visit.consultId).catch((err) =>
        this.deps.logger.error(
          { err, consultId: visit.consultId },
          'billing recompute after online consent failed',
        ),
      );
    await this.publish(visit);
    return this.state(v);
  }

  /** Into the waiting room, once identity and the person's own consents are done. */
  async enterWaitingRoom(
    v: Visitor,
    audioOnly: boolean,
    o: VisitorOrigin,
  ): Promise<OwnVisitState> {
    const now = this.deps.clock.now();
    const visit = await this.deps.db.transaction(async (tx) => {
      const { participant, visit, consents, minor } = await this.load(
        v.visitId,
        v.participantId,
        tx,
      );
      if (!isVisitLive(visit.status))
        throw conflict('visit_over', 'This visit has ended.');
      const blockers = checkInBlockers(
        admissionFactsOf(participant, consents, minor),
      );
      if (blockers.length)
        throw conflict(
          'check_in_incomplete',
          'Please finish the steps before the waiting room.',
          { blockers },
        );
      await setParticipantState(
        tx,
        participant.id,
        nextParticipantState(participant.state, 'enter_waiting_room'),
        now,
      );
      await updateParticipant(tx, participant.id, { audioOnly });
      await this.audit(
        {
          visitId: visit.id,
          participantId: participant.id,
          patientId: visit.patientId,
        },
        o,
        { action: 'visit.enter_waiting_room', details: { audioOnly } },
        tx,
      );
      return visit;
    });
    await this.publish(visit);
    return this.state(v);
  }
}

function requireCheckingIn(p: Participant): void {
  if (p.state === 'removed')
    throw new AppError(
      'forbidden',
      'participant_removed',
      'You were removed from this visit. Please call your clinic.',
    );
}
