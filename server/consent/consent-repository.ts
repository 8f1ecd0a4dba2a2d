import type { ConsentFact } from '../billing/billing-facts';
import type { Queryable } from '../db/database';
import type { Consent, NewConsent } from './consent';

const COLUMNS = `c.id, c.patient_id AS "patientId", c.consult_id AS "consultId", c.kind, c.given_by AS "givenBy", c.given_by_name AS "givenByName",
  c.guardian_relationship AS "guardianRelationship", c.method, c.cost_sharing_notice_given AS "costSharingNoticeGiven",
  c.obtained_by AS "obtainedBy", c.obtained_at AS "obtainedAt", c.recorded_at AS "recordedAt", w.withdrawn_at AS "withdrawnAt"`;

export async function insertConsent(
  db: Queryable,
  patientId: string,
  c: NewConsent,
  obtainedBy: string,
  obtainedAt: Date,
  now: Date,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO patient_consents (patient_id, consult_id, kind, given_by, given_by_name, guardian_relationship, method, cost_sharing_notice_given, obtained_by, obtained_at, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [
      patientId,
      c.consultId ?? null,
      c.kind,
      c.givenBy,
      c.givenByName ?? null,
      c.guardianRelationship ?? null,
      c.method,
      c.costSharingNoticeGiven,
      obtainedBy,
      obtainedAt,
      now,
    ],
  );
  return rows[0]!.id;
}

export async function withdrawConsent(
  db: Queryable,
  consentId: string,
  by: string,
  at: Date,
  reason: string | null,
): Promise<void> {
  await db.query(
    `INSERT INTO patient_consent_withdrawals (consent_id, withdrawn_at, recorded_by, recorded_at, reason) VALUES ($1, $2, $3, $2, $4)`,
    [consentId, at, by, reason],
  );
}

export async function listConsents(
  db: Queryable,
  patientId: string,
): Promise<Consent[]> {
  const { rows } = await db.query<Consent>(
    `SELECT ${COLUMNS} FROM patient_consents c LEFT JOIN patient_consent_withdrawals w ON w.consent_id = c.id
      WHERE c.patient_id = $1 ORDER BY c.obtained_at DESC, c.id`,
    [patientId],
  );
  return rows;
}

export async function findConsent(
  db: Queryable,
  consentId: string,
): Promise<Consent | null> {
  const { rows } = await db.query<Consent>(
    `SELECT ${COLUMNS} FROM patient_consents c LEFT JOIN patient_consent_withdrawals w ON w.consent_id = c.id WHERE c.id = $1`,
    [consentId],
  );
  return rows[0] ?? null;
}

/** The coding engine's view of a patient's consents. */
export async function consentFacts(
  db: Queryable,
  patientId: string,
): Promise<ConsentFact[]> {
  return (await listConsents(db, patientId)).map((c) => ({
    id: c.id,
    kind: c.kind,
    consultId: c.consultId,
    obtainedAt: c.obtainedAt.getTime(),
    costSharingNoticeGiven: c.costSharingNoticeGiven,
    withdrawnAt: c.withdrawnAt?.getTime() ?? null,
  }));
}
