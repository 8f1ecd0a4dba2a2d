import type { Queryable } from '../db/database';
import { badRequest, conflict } from '../errors';
import { inviteBaseUrl } from './invite-base-url';
import { inviteExpiresAt } from './invite-expiry';
import { hashSecretToken, mintSecretToken } from './secret-token';
import type { Participant, Visit } from './visit';
import { managedParticipant, managedVisit, requireLive } from './visit-access';
import { type VisitActor, auditAs } from './visit-actor';
import { publishVisitWith } from './visit-lobby';
import { insertInvite, revokeOpenInvites } from './invite-repository';
import { insertParticipant } from './participant-repository';
import type { VisitServiceDeps, VisitWork } from './visit-service-deps';

export interface IssuedInvite {
  participantId: string;
  url: string;
  expiresAt: string;
  channel: 'link' | 'sms';
}

/** Who the clinician adds to a visit; they get a link at once. */
export interface NewParticipant {
  role: Participant['role'];
  displayName: string;
  language: Participant['language'];
  phone?: string;
  smsConsent?: boolean;
  inviteTtlMinutes?: number;
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

/** Revokes the person's open links and mints a new one: one live link each. */
export async function replaceInvite(
  deps: Pick<VisitServiceDeps, 'clock' | 'config' | 'selfUrl'>,
  tx: Queryable,
  a: VisitActor,
  visit: Visit,
  participantId: string,
  channel: 'link' | 'sms',
  ttlMinutes?: number,
): Promise<IssuedInvite> {
  await revokeOpenInvites(tx, participantId, deps.clock.now());
  return issueInvite(deps, tx, a, visit, participantId, channel, ttlMinutes);
}

/** Mints and stores a link for someone; the caller revokes older ones first. */
export async function issueInvite(
  deps: Pick<VisitServiceDeps, 'clock' | 'config' | 'selfUrl'>,
  tx: Queryable,
  a: VisitActor,
  visit: Visit,
  participantId: string,
  channel: 'link' | 'sms',
  ttlMinutes?: number,
): Promise<IssuedInvite> {
  const now = deps.clock.now();
  const token = mintSecretToken();
  const expiresAt = inviteExpiresAt(
    now,
    visit.scheduledAt,
    ttlMinutes ?? deps.config.INVITE_TTL_MINUTES,
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
  const base = inviteBaseUrl(deps.config, deps.selfUrl?.());
  return {
    participantId,
    // The language rides along, so even a refused link answers in it.
    url: `${base}/visit/join#t=${token}${(await participantLanguage(tx, participantId)) === 'es' ? '&l=es' : ''}`,
    expiresAt: expiresAt.toISOString(),
    channel,
  };
}

export async function addParticipant(
  w: VisitWork,
  a: VisitActor,
  visitId: string,
  input: NewParticipant,
): Promise<IssuedInvite> {
  const { visit, consult } = await managedVisit(w, a, visitId, 'visit.invite');
  requireLive(visit);
  if (input.smsConsent && !input.phone)
    throw badRequest(
      'validation_failed',
      'Please check the form. phone: is required to record consent to texts.',
      [{ field: 'phone', message: 'is required with smsConsent' }],
    );
  const now = w.clock.now();
  const issued = await w.db.transaction(async (tx) => {
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
    const invite = await issueInvite(
      w,
      tx,
      a,
      visit,
      participantId,
      'link',
      input.inviteTtlMinutes,
    );
    await auditAs(
      w.audit,
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
  await publishVisitWith(w, visit, consult.patient.birthDate, now);
  return issued;
}

/** A new link for someone (lost text, expired link). Their unused older links stop working. */
export async function reissueInvite(
  w: VisitWork,
  a: VisitActor,
  visitId: string,
  participantId: string,
  ttlMinutes?: number,
): Promise<IssuedInvite> {
  const { visit, participant } = await managedParticipant(
    w,
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
  return w.db.transaction(async (tx) => {
    const invite = await replaceInvite(
      w,
      tx,
      a,
      visit,
      participantId,
      'link',
      ttlMinutes,
    );
    await auditAs(
      w.audit,
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
