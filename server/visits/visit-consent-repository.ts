import type { Queryable } from '../db/database';
import type { ConsentKind } from './consent-texts';
import type { ConsentRecord } from './visit';

/** SQL for the consents a visitor signs before joining. No rules here. */

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
