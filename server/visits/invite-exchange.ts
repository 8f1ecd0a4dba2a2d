import { releaseAttempt, reserveAttempt } from '../auth/attempt-counter';
import type { Queryable } from '../db/database';
import { AppError, tooManyRequests } from '../errors';
import { nextParticipantState } from './participant-state';
import {
  hashSecretToken,
  looksLikeSecretToken,
  mintSecretToken,
} from './secret-token';
import {
  auditVisitor,
  type CheckInWork,
  type VisitorOrigin,
} from './visit-check-in-deps';
import type { OwnVisitState } from './visit-lobby';
import { findInviteForUpdate, markInviteUsed } from './invite-repository';
import { findParticipant, setParticipantState } from './participant-repository';
import { findVisit } from './visit-repository';
import {
  forgetIdentityCheck,
  liveDeviceSeenAt,
  markDeviceSeen,
} from './visitor-device-repository';
import {
  insertVisitSession,
  revokeVisitSessions,
} from './visit-session-repository';
import { isVisitLive } from './visit-status';
import { loadOwnVisit, republishVisit } from './visitor-own-visit';

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

/** What a visitor holds after opening their link. */
export interface ExchangedInvite {
  visitToken: string;
  expiresAt: string;
  state: OwnVisitState;
}

/**
 * An invite link is exchanged (once, by POST) for a short-lived visit token.
 * Unknown tokens count against the address's guess limit; a used link opens
 * again for its person (a new device) unless their other device is live.
 */
export async function exchangeInvite(
  w: CheckInWork,
  inviteToken: string,
  o: VisitorOrigin,
): Promise<ExchangedInvite> {
  const now = w.clock.now();
  // Reserved before the token is looked up (one conditional statement), given back when the token is known.
  const guessLimit = {
    scope: 'invite:address',
    key: o.clientIp,
    limit: w.config.INVITE_MAX_FAILURES,
    windowSeconds: w.config.INVITE_FAILURE_WINDOW_SECONDS,
  };
  const reserved = await reserveAttempt(w.db, guessLimit, now);
  if (!reserved.ok) {
    await w.audit.record({
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
  const outcome = await w.db.transaction(async (tx) => {
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
      await auditVisitor(
        w.audit,
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
      now.getTime() + w.config.VISIT_TOKEN_TTL_SECONDS * 1000,
    );
    await insertVisitSession(tx, {
      tokenHash: hashSecretToken(visitToken),
      participantId: participant.id,
      expiresAt,
      clientIp: o.clientIp,
      now,
    });
    await auditVisitor(
      w.audit,
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
    await releaseAttempt(w.db, guessLimit.scope, guessLimit.key);
  if (!outcome.ok) {
    if (outcome.refused === 'invite_invalid') {
      await w.audit.record({
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
  const { state } = await loadOwnVisit(
    w,
    outcome.visit.id,
    outcome.participantId,
  );
  await republishVisit(w, outcome.visit);
  return {
    visitToken: outcome.visitToken,
    expiresAt: outcome.expiresAt.toISOString(),
    state,
  };
}
