import type { Queryable } from '../db/database';
import type { ParticipantState } from './participant-state';
import type { Participant } from './visit';
import type { VisitStatus } from './visit-status';

/**
 * SQL for visitors' sessions (the visit tokens a used invite becomes).
 * No rules here.
 */

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
