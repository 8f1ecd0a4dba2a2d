import type { Consult } from '../consults/consult';
import type { Queryable } from '../db/database';

/** An eConsult past its reply target, as the coordinators' list shows it. */
export interface OverdueEconsult {
  consultId: string;
  status: string;
  urgency: string;
  practiceName: string;
  requestedByName: string;
  /** Null while nobody claimed it. */
  claimedByName: string | null;
  queuedAt: Date | null;
  /** When the sweeper found it past the target (and told coordinators). */
  overdueSince: Date;
  /** Set while the psychiatrist waits on the PCP (the clock is paused). */
  awaitingPcpSince: Date | null;
}

/** Still waiting on a claim or a reply: what "overdue" can apply to. */
export const WAITING_STATUSES = ['pooled', 'claimed', 'awaiting_pcp'] as const;

/**
 * The overdue ones among consults the caller was allowed to list (the care
 * reader scoped and audited the list), oldest first, with the names a
 * coordinator chases: practice, requesting PCP, claiming psychiatrist. The
 * sweeper's `reply_overdue_at` decides; nothing is recomputed here.
 */
export async function overdueEconsults(
  db: Queryable,
  visible: readonly Consult[],
): Promise<OverdueEconsult[]> {
  const overdue = visible
    .filter((c) => c.consultType === 'econsult' && c.replyOverdueAt !== null)
    // Longest overdue first; marked in one sweep, longest waiting first.
    .sort(
      (a, b) =>
        a.replyOverdueAt!.getTime() - b.replyOverdueAt!.getTime() ||
        (a.queuedAt?.getTime() ?? 0) - (b.queuedAt?.getTime() ?? 0),
    );
  if (!overdue.length) return [];
  const { rows } = await db.query<{
    id: string;
    practiceName: string;
    requestedByName: string;
    claimedByName: string | null;
  }>(
    `SELECT c.id, pr.name AS "practiceName", r.display_name AS "requestedByName",
            a.display_name AS "claimedByName"
       FROM consults c
       JOIN practices pr ON pr.id = c.practice_id
       JOIN users r ON r.id = c.requested_by
       LEFT JOIN users a ON a.id = c.assigned_psychiatrist_id
      WHERE c.id = ANY($1::uuid[])`,
    [overdue.map((c) => c.id)],
  );
  const names = new Map(rows.map((r) => [r.id, r]));
  return overdue.map((c) => ({
    consultId: c.id,
    status: c.status,
    urgency: c.urgency,
    practiceName: names.get(c.id)?.practiceName ?? '',
    requestedByName: names.get(c.id)?.requestedByName ?? '',
    claimedByName: names.get(c.id)?.claimedByName ?? null,
    queuedAt: c.queuedAt,
    overdueSince: c.replyOverdueAt!,
    awaitingPcpSince: c.awaitingPcpSince,
  }));
}
