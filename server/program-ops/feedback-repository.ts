import type { Queryable } from '../db/database';
import type { ConsultFeedback } from '../../signaling/protocol/rest/outcomes';

export interface StoredFeedback extends ConsultFeedback {
  pcpId: string;
  createdAt: Date;
}

/** One answer per consult; a second answer replaces the first. */
export async function saveFeedback(
  db: Queryable,
  consultId: string,
  pcpId: string,
  f: ConsultFeedback,
  now: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO consult_feedback (consult_id, pcp_id, useful, would_have_referred_out, comment, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (consult_id) DO UPDATE SET pcp_id = EXCLUDED.pcp_id, useful = EXCLUDED.useful,
       would_have_referred_out = EXCLUDED.would_have_referred_out, comment = EXCLUDED.comment,
       created_at = EXCLUDED.created_at`,
    [consultId, pcpId, f.useful, f.wouldHaveReferredOut, f.comment, now],
  );
}

export async function findFeedback(
  db: Queryable,
  consultId: string,
): Promise<StoredFeedback | null> {
  const { rows } = await db.query<StoredFeedback>(
    `SELECT pcp_id AS "pcpId", useful, would_have_referred_out AS "wouldHaveReferredOut", comment,
            created_at AS "createdAt"
       FROM consult_feedback WHERE consult_id = $1`,
    [consultId],
  );
  return rows[0] ?? null;
}
