import type { Queryable } from '../db/database';

/** SQL for visit invite links: issued, used once, revoked. No rules here. */

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
