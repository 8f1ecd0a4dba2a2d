import { AppError, conflict } from '../errors';
import type { Telephony } from '../telephony/telephony';
import { invitationText } from './invitation-text';
import { managedParticipant, requireLive } from './visit-access';
import { type VisitActor, auditAs } from './visit-actor';
import { type IssuedInvite, replaceInvite } from './visit-invites';
import { updateParticipant } from './participant-repository';
import type { VisitWork } from './visit-service-deps';

/** Records that someone agreed to receive texts, and at which number. */
export async function recordSmsConsent(
  w: VisitWork,
  a: VisitActor,
  visitId: string,
  participantId: string,
  phone: string,
): Promise<void> {
  const { visit } = await managedParticipant(
    w,
    a,
    visitId,
    participantId,
    'visit.sms_consent',
  );
  await w.db.transaction(async (tx) => {
    await updateParticipant(tx, participantId, {
      phoneE164: phone,
      smsConsentAt: w.clock.now(),
      smsConsentBy: a.user.userId,
    });
    await auditAs(
      w.audit,
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
export async function sendSmsInvite(
  w: VisitWork,
  telephony: Telephony | null,
  a: VisitActor,
  visitId: string,
  participantId: string,
  ttlMinutes?: number,
): Promise<IssuedInvite & { messageSid: string }> {
  const { visit, participant } = await managedParticipant(
    w,
    a,
    visitId,
    participantId,
    'visit.sms_invite',
  );
  requireLive(visit);
  const sms = telephony?.sms;
  if (!sms)
    throw new AppError(
      'unavailable',
      'sms_not_configured',
      'Texting is not set up on this server. Copy the link and send it another way.',
    );
  if (!participant.phoneE164 || !participant.smsConsentAt) {
    await auditAs(w.audit, a, {
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
  return w.db.transaction(async (tx) => {
    const invite = await replaceInvite(
      w,
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
    await auditAs(
      w.audit,
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
