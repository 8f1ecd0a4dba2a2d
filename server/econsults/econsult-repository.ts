import type { Queryable } from '../db/database';

/** An open eConsult as the sweeper reads it (ids and times only). */
export interface OpenEconsult {
  id: string;
  programId: string;
  requestedBy: string;
  patientId: string;
  status: 'pooled' | 'claimed' | 'awaiting_pcp';
  queuedAt: Date;
  replyPausedSeconds: number;
  awaitingPcpSince: Date | null;
  replyOverdueAt: Date | null;
  settings: unknown;
  timeZone: string;
}

/** eConsults still waiting on a claim or a reply, with their program's settings. */
export async function openEconsults(
  db: Queryable,
  limit = 500,
): Promise<OpenEconsult[]> {
  const { rows } = await db.query<OpenEconsult>(
    `SELECT c.id, c.program_id AS "programId", c.requested_by AS "requestedBy",
            c.patient_id AS "patientId", c.status, c.queued_at AS "queuedAt",
            c.reply_paused_seconds AS "replyPausedSeconds",
            c.awaiting_pcp_since AS "awaitingPcpSince",
            c.reply_overdue_at AS "replyOverdueAt", pr.settings,
            pr.timezone AS "timeZone"
       FROM consults c JOIN programs pr ON pr.id = c.program_id
      WHERE c.consult_type = 'econsult'
        AND c.status IN ('pooled', 'claimed', 'awaiting_pcp')
        AND (c.status = 'pooled' OR c.reply_overdue_at IS NULL)
      ORDER BY c.queued_at LIMIT $1`,
    [limit],
  );
  return rows;
}

/**
 * Marks the reply overdue once: of several instances sweeping, the one whose
 * conditional UPDATE matched alerts the coordinators.
 */
export async function markReplyOverdue(
  db: Queryable,
  consultId: string,
  now: Date,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE consults SET reply_overdue_at = $2
      WHERE id = $1 AND reply_overdue_at IS NULL
        AND status IN ('pooled', 'claimed')`,
    [consultId, now],
  );
  return rowCount > 0;
}
