import type { Queryable } from '../db/database';
import type { ParticipantState } from './participant-state';
import { PHONE_LEG_GONE, type Participant, type PhoneLegView } from './visit';

/**
 * SQL for a visit's participants: who joins, their state and phone leg.
 * No rules here.
 */
const PARTICIPANT = `p.id, p.visit_id AS "visitId", p.role, p.display_name AS "displayName", p.language, p.state,
  p.state_changed_at AS "stateChangedAt", p.removed_reason AS "removedReason", p.phone_e164 AS "phoneE164",
  p.sms_consent_at AS "smsConsentAt", p.identity_confirmed_at AS "identityConfirmedAt", p.identity_failures AS "identityFailures",
  p.confirmed_name AS "confirmedName", p.relationship, p.audio_only AS "audioOnly", p.created_at AS "createdAt"`;

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
