import type { Queryable } from '../db/database';

/**
 * Read marks on delivered reports: a written eConsult's reply (the signed
 * report) and its addenda reach the requesting PCP as deliveries; each is
 * unread until they open the report.
 */

/** The reader has now seen every delivery of the consult's report to them. */
export async function markReplyRead(
  db: Queryable,
  consultId: string,
  recipientId: string,
  now: Date,
): Promise<void> {
  await db.query(
    `UPDATE consult_report_deliveries d SET read_at = $3
       FROM consult_reports r
      WHERE r.id = d.report_id AND r.consult_id = $1
        AND d.recipient_id = $2 AND d.read_at IS NULL`,
    [consultId, recipientId, now],
  );
}

/** Unread written replies (and addenda) delivered to the user, per eConsult. */
export async function unreadRepliesFor(
  db: Queryable,
  userId: string,
): Promise<{ consultId: string; unread: number }[]> {
  const { rows } = await db.query<{ consultId: string; unread: number }>(
    `SELECT r.consult_id AS "consultId", count(*)::int AS unread
       FROM consult_report_deliveries d
       JOIN consult_reports r ON r.id = d.report_id
       JOIN consults c ON c.id = r.consult_id
      WHERE d.recipient_id = $1 AND d.read_at IS NULL
        AND c.consult_type = 'econsult'
      GROUP BY r.consult_id ORDER BY r.consult_id`,
    [userId],
  );
  return rows;
}
