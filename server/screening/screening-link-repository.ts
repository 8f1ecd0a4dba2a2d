import type { Queryable } from '../db/database';
import type { Statement } from '../db/statement';
import type { Language } from './instrument';

/** SQL for self-report links (073_screening_links.sql). */

export interface ScreeningLink {
  id: string;
  tokenHash: string;
  patientId: string;
  instrument: string;
  language: Language;
  respondent: 'patient' | 'guardian';
  orderedBy: string;
  delivery: 'qr' | 'sms';
  smsConsentAt: Date | null;
  createdAt: Date;
  expiresAt: Date;
}

export function linkInsert(l: ScreeningLink): Statement {
  return {
    sql: `INSERT INTO screening_links (id, token_hash, patient_id, instrument,
        language, respondent, ordered_by, delivery, sms_consent_at,
        created_at, expires_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    params: [
      l.id,
      l.tokenHash,
      l.patientId,
      l.instrument,
      l.language,
      l.respondent,
      l.orderedBy,
      l.delivery,
      l.smsConsentAt,
      l.createdAt,
      l.expiresAt,
    ],
  };
}

/** A link that is neither spent nor expired, by its token's hash. */
export async function findUsableLink(
  db: Queryable,
  tokenHash: string,
  now: Date,
): Promise<ScreeningLink | null> {
  const { rows } = await db.query<ScreeningLink>(
    `SELECT id, token_hash AS "tokenHash", patient_id AS "patientId",
        instrument, language, respondent, ordered_by AS "orderedBy",
        delivery, sms_consent_at AS "smsConsentAt",
        created_at AS "createdAt", expires_at AS "expiresAt"
       FROM screening_links
      WHERE token_hash = $1 AND spent_at IS NULL AND expires_at > $2`,
    [tokenHash, now],
  );
  return rows[0] ?? null;
}

/** Spends the link; false when it was spent or expired meanwhile. */
export async function spendLink(
  db: Queryable,
  id: string,
  now: Date,
): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE screening_links SET spent_at = $2
      WHERE id = $1 AND spent_at IS NULL AND expires_at > $2 RETURNING id`,
    [id, now],
  );
  return rows.length === 1;
}

export async function recordLinkAssessment(
  db: Queryable,
  id: string,
  assessmentId: string,
): Promise<void> {
  await db.query(
    'UPDATE screening_links SET assessment_id = $2 WHERE id = $1',
    [id, assessmentId],
  );
}

export async function setMessageSid(
  db: Queryable,
  id: string,
  sid: string,
): Promise<void> {
  await db.query('UPDATE screening_links SET message_sid = $2 WHERE id = $1', [
    id,
    sid,
  ]);
}
