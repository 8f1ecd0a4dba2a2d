import type { Queryable } from '../db/database';
import type { ConsentKind } from './consent-texts';
import type { ParticipantState } from './participant-state';
import {
  PHONE_LEG_GONE,
  type ConsentRecord,
  type Participant,
  type PhoneLegView,
  type Visit,
} from './visit';
import type { VisitStatus } from './visit-status';

/** SQL for visits and their participants, invites, sessions and consents. No rules here. */
const VISIT = `v.id, v.consult_id AS "consultId", v.program_id AS "programId", v.patient_id AS "patientId", v.created_by AS "createdBy",
  v.scheduled_at AS "scheduledAt", v.status, v.phone_code AS "phoneCode", v.conference_name AS "conferenceName",
  v.created_at AS "createdAt", v.ended_at AS "endedAt"`;

const PARTICIPANT = `p.id, p.visit_id AS "visitId", p.role, p.display_name AS "displayName", p.language, p.state,
  p.state_changed_at AS "stateChangedAt", p.removed_reason AS "removedReason", p.phone_e164 AS "phoneE164",
  p.sms_consent_at AS "smsConsentAt", p.identity_confirmed_at AS "identityConfirmedAt", p.identity_failures AS "identityFailures",
  p.confirmed_name AS "confirmedName", p.relationship, p.audio_only AS "audioOnly", p.created_at AS "createdAt"`;

export async function insertVisit(
  db: Queryable,
  v: Pick<
    Visit,
    | 'consultId'
    | 'programId'
    | 'patientId'
    | 'createdBy'
    | 'scheduledAt'
    | 'phoneCode'
    | 'conferenceName'
  > & { now: Date },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO visits (consult_id, program_id, patient_id, created_by, scheduled_at, status, phone_code, conference_name, created_at)
     VALUES ($1, $2, $3, $4, $5, 'scheduled', $6, $7, $8) RETURNING id`,
    [
      v.consultId,
      v.programId,
      v.patientId,
      v.createdBy,
      v.scheduledAt,
      v.phoneCode,
      v.conferenceName,
      v.now,
    ],
  );
  return rows[0]!.id;
}

export async function findVisit(
  db: Queryable,
  id: string,
  lock = false,
): Promise<Visit | null> {
  const { rows } = await db.query<Visit>(
    `SELECT ${VISIT} FROM visits v WHERE v.id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

export async function findLiveVisitBy(
  db: Queryable,
  column: 'phone_code' | 'conference_name',
  value: string,
): Promise<Visit | null> {
  const { rows } = await db.query<Visit>(
    `SELECT ${VISIT} FROM visits v WHERE v.${column} = $1 AND v.status IN ('scheduled', 'in_progress')`,
    [value],
  );
  return rows[0] ?? null;
}

export async function findVisitByConference(
  db: Queryable,
  conferenceName: string,
): Promise<Visit | null> {
  const { rows } = await db.query<Visit>(
    `SELECT ${VISIT} FROM visits v WHERE v.conference_name = $1`,
    [conferenceName],
  );
  return rows[0] ?? null;
}

export async function listVisitsOfConsult(
  db: Queryable,
  consultId: string,
): Promise<Visit[]> {
  const { rows } = await db.query<Visit>(
    `SELECT ${VISIT} FROM visits v WHERE v.consult_id = $1 ORDER BY v.created_at DESC LIMIT 100`,
    [consultId],
  );
  return rows;
}

export async function setVisitStatus(
  db: Queryable,
  id: string,
  status: VisitStatus,
  now: Date,
  by: string | null,
): Promise<void> {
  const ending = status === 'ended' || status === 'cancelled';
  await db.query(
    `UPDATE visits SET status = $2, ended_at = CASE WHEN $3 THEN $4::timestamptz ELSE ended_at END, ended_by = CASE WHEN $3 THEN $5::uuid ELSE ended_by END WHERE id = $1`,
    [id, status, ending, now, by],
  );
}

export async function insertParticipant(
  db: Queryable,
  p: Pick<
    Participant,
    'visitId' | 'role' | 'displayName' | 'language' | 'phoneE164'
  > & { smsConsentAt: Date | null; createdBy: string; now: Date },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO visit_participants (visit_id, role, display_name, language, state, state_changed_at, phone_e164, sms_consent_at, sms_consent_by, created_by, created_at)
     VALUES ($1, $2, $3, $4, 'invited', $8, $5, $6, CASE WHEN $6::timestamptz IS NULL THEN NULL ELSE $7::uuid END, $7, $8) RETURNING id`,
    [
      p.visitId,
      p.role,
      p.displayName,
      p.language,
      p.phoneE164,
      p.smsConsentAt,
      p.createdBy,
      p.now,
    ],
  );
  return rows[0]!.id;
}

export async function findParticipant(
  db: Queryable,
  id: string,
  lock = false,
): Promise<Participant | null> {
  const { rows } = await db.query<Participant>(
    `SELECT ${PARTICIPANT} FROM visit_participants p WHERE p.id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

export async function listParticipants(
  db: Queryable,
  visitId: string,
): Promise<Participant[]> {
  const { rows } = await db.query<Participant>(
    `SELECT ${PARTICIPANT} FROM visit_participants p WHERE p.visit_id = $1 ORDER BY p.created_at`,
    [visitId],
  );
  return rows;
}

/**
 * Phone legs of the visit still on the line (not reported ended or gone from
 * the conference): a dial-in caller on hold shows here until a clinician joins them.
 */
export async function listOpenPhoneLegs(
  db: Queryable,
  visitId: string,
): Promise<PhoneLegView[]> {
  const { rows } = await db.query<PhoneLegView>(
    `SELECT call_sid AS "callSid", direction, participant_id AS "participantId", last_status AS status
       FROM visit_phone_legs
      WHERE visit_id = $1 AND ended_at IS NULL AND last_status <> ALL($2::text[])
      ORDER BY created_at`,
    [visitId, [...PHONE_LEG_GONE]],
  );
  return rows;
}

export async function setParticipantState(
  db: Queryable,
  id: string,
  state: ParticipantState,
  now: Date,
  removedReason: string | null = null,
): Promise<void> {
  await db.query(
    `UPDATE visit_participants SET state = $2, state_changed_at = $3, removed_reason = COALESCE($4, removed_reason) WHERE id = $1`,
    [id, state, now, removedReason],
  );
}

export async function updateParticipant(
  db: Queryable,
  id: string,
  f: Partial<{
    identityConfirmedAt: Date;
    identityFailures: number;
    confirmedName: string;
    relationship: string | null;
    audioOnly: boolean;
    phoneE164: string;
    smsConsentAt: Date;
    smsConsentBy: string;
    reportedLocation: 'home' | 'elsewhere';
  }>,
): Promise<void> {
  const cols: Record<string, string> = {
    identityConfirmedAt: 'identity_confirmed_at',
    identityFailures: 'identity_failures',
    confirmedName: 'confirmed_name',
    relationship: 'relationship',
    audioOnly: 'audio_only',
    phoneE164: 'phone_e164',
    smsConsentAt: 'sms_consent_at',
    smsConsentBy: 'sms_consent_by',
    reportedLocation: 'reported_location',
  };
  const entries = Object.entries(f).filter(([, v]) => v !== undefined);
  if (!entries.length) return;
  const sets = entries.map(([k], i) => `${cols[k]} = $${i + 2}`);
  await db.query(
    `UPDATE visit_participants SET ${sets.join(', ')} WHERE id = $1`,
    [id, ...entries.map(([, v]) => v)],
  );
}

// Invites

export async function insertInvite(
  db: Queryable,
  i: {
    tokenHash: string;
    participantId: string;
    expiresAt: Date;
    channel: 'link' | 'sms';
    createdBy: string;
    now: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO visit_invites (token_hash, participant_id, expires_at, channel, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [i.tokenHash, i.participantId, i.expiresAt, i.channel, i.createdBy, i.now],
  );
}

export interface InviteRow {
  participantId: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

export async function findInviteForUpdate(
  db: Queryable,
  tokenHash: string,
): Promise<InviteRow | null> {
  const { rows } = await db.query<InviteRow>(
    `SELECT participant_id AS "participantId", expires_at AS "expiresAt", used_at AS "usedAt", revoked_at AS "revokedAt"
       FROM visit_invites WHERE token_hash = $1 FOR UPDATE`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

export async function markInviteUsed(
  db: Queryable,
  tokenHash: string,
  now: Date,
): Promise<void> {
  await db.query(
    `UPDATE visit_invites SET used_at = $2 WHERE token_hash = $1`,
    [tokenHash, now],
  );
}

/** Closes every unused link of a participant (a new link was sent, or they were removed). */
export async function revokeOpenInvites(
  db: Queryable,
  participantId: string,
  now: Date,
): Promise<void> {
  await db.query(
    `UPDATE visit_invites SET revoked_at = $2 WHERE participant_id = $1 AND used_at IS NULL AND revoked_at IS NULL`,
    [participantId, now],
  );
}

// Visit sessions (the token an invite is exchanged for)

export async function insertVisitSession(
  db: Queryable,
  s: {
    tokenHash: string;
    participantId: string;
    expiresAt: Date;
    clientIp: string;
    now: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO visit_sessions (token_hash, participant_id, expires_at, client_ip, created_at) VALUES ($1, $2, $3, $4, $5)`,
    [s.tokenHash, s.participantId, s.expiresAt, s.clientIp, s.now],
  );
}

export async function revokeVisitSessions(
  db: Queryable,
  participantId: string,
  now: Date,
): Promise<void> {
  await db.query(
    `UPDATE visit_sessions SET revoked_at = $2 WHERE participant_id = $1 AND revoked_at IS NULL`,
    [participantId, now],
  );
}

export interface VisitSessionRow {
  participantId: string;
  expiresAt: Date;
  revokedAt: Date | null;
  role: Participant['role'];
  state: ParticipantState;
  visitId: string;
  visitStatus: VisitStatus;
  programId: string;
  consultId: string;
}

export async function findVisitSession(
  db: Queryable,
  tokenHash: string,
): Promise<VisitSessionRow | null> {
  const { rows } = await db.query<VisitSessionRow>(
    `SELECT s.participant_id AS "participantId", s.expires_at AS "expiresAt", s.revoked_at AS "revokedAt", p.role, p.state,
            v.id AS "visitId", v.status AS "visitStatus", v.program_id AS "programId", v.consult_id AS "consultId"
       FROM visit_sessions s JOIN visit_participants p ON p.id = s.participant_id JOIN visits v ON v.id = p.visit_id
      WHERE s.token_hash = $1`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

// Guess limiting

/**
 * Counts one identity check against the participant before it is compared,
 * in one conditional statement; null once the limit is reached. Returns the
 * count including this attempt.
 */
export async function reserveIdentityAttempt(
  db: Queryable,
  participantId: string,
  limit: number,
): Promise<number | null> {
  const { rows } = await db.query<{ n: number }>(
    `UPDATE visit_participants SET identity_failures = identity_failures + 1
      WHERE id = $1 AND identity_failures < $2
      RETURNING identity_failures AS n`,
    [participantId, limit],
  );
  return rows[0]?.n ?? null;
}

/** Gives back a reserved identity check that matched. */
export async function releaseIdentityAttempt(
  db: Queryable,
  participantId: string,
): Promise<void> {
  await db.query(
    `UPDATE visit_participants
        SET identity_failures = greatest(identity_failures - 1, 0)
      WHERE id = $1`,
    [participantId],
  );
}

// Consents

export async function insertConsent(
  db: Queryable,
  c: {
    visitId: string;
    participantId: string;
    kind: ConsentKind;
    version: string;
    language: string;
    sha256: string;
    signerName: string;
    relationship: string | null;
    now: Date;
    clientIp: string;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO visit_consents (visit_id, participant_id, kind, text_version, text_language, text_sha256, signer_name, signer_relationship, agreed_at, client_ip)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      c.visitId,
      c.participantId,
      c.kind,
      c.version,
      c.language,
      c.sha256,
      c.signerName,
      c.relationship,
      c.now,
      c.clientIp,
    ],
  );
}

export async function listConsents(
  db: Queryable,
  visitId: string,
): Promise<ConsentRecord[]> {
  const { rows } = await db.query<ConsentRecord>(
    `SELECT DISTINCT participant_id AS "participantId", kind FROM visit_consents WHERE visit_id = $1`,
    [visitId],
  );
  return rows;
}

/**
 * The participant's device was seen now (a request or a live socket with
 * its visit token): a re-entry from another device is refused while this is
 * recent.
 */
export async function markDeviceSeen(
  db: Queryable,
  participantId: string,
  now: Date,
): Promise<void> {
  await db.query(
    'UPDATE visit_participants SET device_seen_at = $2 WHERE id = $1',
    [participantId, now],
  );
}

/** When a live visit token of this participant was last seen, if any is live. */
export async function liveDeviceSeenAt(
  db: Queryable,
  participantId: string,
  now: Date,
): Promise<Date | null> {
  const { rows } = await db.query<{ seenAt: Date | null }>(
    `SELECT p.device_seen_at AS "seenAt" FROM visit_participants p
      WHERE p.id = $1 AND EXISTS (SELECT 1 FROM visit_sessions s
        WHERE s.participant_id = p.id AND s.revoked_at IS NULL AND s.expires_at > $2)`,
    [participantId, now],
  );
  return rows[0]?.seenAt ?? null;
}

/** A new device: the identity check is asked again before anything else. */
export async function forgetIdentityCheck(
  db: Queryable,
  participantId: string,
): Promise<void> {
  await db.query(
    'UPDATE visit_participants SET identity_confirmed_at = NULL WHERE id = $1',
    [participantId],
  );
}
