import type { Queryable } from '../db/database';

/** The queue's own reads and conditional writes on consult rows (moves go through the consult service). */

/** Status and assigned psychiatrist, locked for the rest of the transaction. */
export async function lockAssignment(
  q: Queryable,
  consultId: string,
): Promise<{ status: string; assigned: string | null } | null> {
  const { rows } = await q.query<{ status: string; assigned: string | null }>(
    'SELECT status, assigned_psychiatrist_id AS assigned FROM consults WHERE id = $1 FOR UPDATE',
    [consultId],
  );
  return rows[0] ?? null;
}

/** Consults a psychiatrist accepted but has not started, locked. */
export async function acceptedConsultIds(
  q: Queryable,
  userId: string,
): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT id FROM consults WHERE assigned_psychiatrist_id = $1 AND status = 'accepted' FOR UPDATE`,
    [userId],
  );
  return rows.map((r) => r.id);
}

/** The accepted offer of a consult its psychiatrist walked away from. */
export async function abandonAcceptedOffer(
  q: Queryable,
  consultId: string,
  reason: string,
): Promise<void> {
  await q.query(
    `UPDATE consult_offers SET outcome = 'abandoned', outcome_reason = $2 WHERE consult_id = $1 AND outcome = 'accepted'`,
    [consultId, reason],
  );
}

/** A psychiatrist as a PCP sees them. */
export async function psychiatristName(
  q: Queryable,
  userId: string,
): Promise<{ id: string; displayName: string } | null> {
  const { rows } = await q.query<{ id: string; displayName: string }>(
    'SELECT id, display_name AS "displayName" FROM users WHERE id = $1',
    [userId],
  );
  return rows[0] ?? null;
}

export interface WaitingConsult {
  id: string;
  programId: string;
  status: string;
  createdAt: Date;
  queuedAt: Date | null;
  escalationLevel: number;
  slaBreachedAt: Date | null;
}

/** Every request still waiting (triage, line, ringing), any program. */
export async function waitingConsults(q: Queryable): Promise<WaitingConsult[]> {
  const { rows } = await q.query<WaitingConsult>(
    `SELECT id, program_id AS "programId", status, created_at AS "createdAt", queued_at AS "queuedAt",
            escalation_level AS "escalationLevel", sla_breached_at AS "slaBreachedAt"
       FROM consults WHERE status IN ('triage', 'queued', 'offered')`,
  );
  return rows;
}

/** Stamps the target breach once; true for the one writer that did. */
export async function markTargetBreached(
  q: Queryable,
  consultId: string,
  now: Date,
): Promise<boolean> {
  const r = await q.query(
    'UPDATE consults SET sla_breached_at = $2 WHERE id = $1 AND sla_breached_at IS NULL',
    [consultId, now],
  );
  return !!r.rowCount;
}

/** Raises the escalation level, never lowers it; true for the one writer that did. */
export async function raiseEscalation(
  q: Queryable,
  consultId: string,
  level: number,
): Promise<boolean> {
  const r = await q.query(
    'UPDATE consults SET escalation_level = $2 WHERE id = $1 AND escalation_level < $2',
    [consultId, level],
  );
  return !!r.rowCount;
}
