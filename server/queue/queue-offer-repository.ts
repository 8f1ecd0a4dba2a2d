import { conflict } from '../errors';
import type { Queryable } from '../db/database';
import type { MoveOptions } from '../consults/consult-lifecycle';
import type { LiveOffer } from './queue-types';

/**
 * The consult_offers rows: live offers the store is rebuilt from, an
 * offer's one close, and the guards that write or accept an offer only
 * alongside the consult's own move.
 */

const OFFER_COLUMNS = `id AS "offerId", consult_id AS "consultId", psychiatrist_id AS "workerId", program_id AS "programId",
  offered_at AS "offeredAt", expires_at AS "expiresAt", escalation_level AS "escalationLevel"`;

type OfferRow = Omit<LiveOffer, 'offeredAtMs' | 'expiresAtMs'> & {
  offeredAt: Date;
  expiresAt: Date;
};
const toLive = (r: OfferRow): LiveOffer => ({
  offerId: r.offerId,
  consultId: r.consultId,
  workerId: r.workerId,
  programId: r.programId,
  escalationLevel: r.escalationLevel,
  offeredAtMs: r.offeredAt.getTime(),
  expiresAtMs: r.expiresAt.getTime(),
});

export async function liveOffers(
  db: Queryable,
  programId: string,
): Promise<LiveOffer[]> {
  const { rows } = await db.query<OfferRow>(
    `SELECT ${OFFER_COLUMNS} FROM consult_offers WHERE program_id = $1 AND outcome IS NULL`,
    [programId],
  );
  return rows.map(toLive);
}

export async function liveOfferOf(
  db: Queryable,
  psychiatristId: string,
): Promise<LiveOffer | null> {
  const { rows } = await db.query<OfferRow>(
    `SELECT ${OFFER_COLUMNS} FROM consult_offers WHERE psychiatrist_id = $1 AND outcome IS NULL`,
    [psychiatristId],
  );
  return rows[0] ? toLive(rows[0]) : null;
}

/** Live offers held by a psychiatrist or made for a request (at most one each). */
export async function liveOffersTouching(
  db: Queryable,
  psychiatristId: string,
  consultId: string,
): Promise<LiveOffer[]> {
  const { rows } = await db.query<OfferRow>(
    `SELECT ${OFFER_COLUMNS} FROM consult_offers WHERE outcome IS NULL AND (psychiatrist_id = $1 OR consult_id = $2)`,
    [psychiatristId, consultId],
  );
  return rows.map(toLive);
}

export async function expiredOfferIds(
  db: Queryable,
  now: Date,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM consult_offers WHERE outcome IS NULL AND expires_at <= $1 LIMIT 500',
    [now],
  );
  return rows.map((r) => r.id);
}

export type OfferOutcome =
  | 'accepted'
  | 'declined'
  | 'timed_out'
  | 'withdrawn'
  | 'abandoned';

/** Closes a ringing offer exactly once (conditional on it still ringing); null when it no longer was. */
export async function closeOffer(
  tx: Queryable,
  where: {
    offerId?: string;
    consultId?: string;
    psychiatristId?: string;
    expiredBy?: Date;
  },
  outcome: OfferOutcome,
  reason: string,
  now: Date,
): Promise<LiveOffer | null> {
  const { rows } = await tx.query<OfferRow>(
    `UPDATE consult_offers SET outcome = $5, outcome_reason = $6, decided_at = $7
      WHERE outcome IS NULL AND ($1::uuid IS NULL OR id = $1) AND ($2::uuid IS NULL OR consult_id = $2)
        AND ($3::uuid IS NULL OR psychiatrist_id = $3)
        AND ($4::timestamptz IS NULL OR expires_at <= $4)
      RETURNING ${OFFER_COLUMNS}`,
    [
      where.offerId ?? null,
      where.consultId ?? null,
      where.psychiatristId ?? null,
      where.expiredBy ?? null,
      outcome,
      reason,
      now,
    ],
  );
  return rows[0] ? toLive(rows[0]) : null;
}

/**
 * The offer row, as the guard of the consult's move to `offered` (one
 * statement, see MoveOptions.guard): written only if PostgreSQL agrees the
 * psychiatrist is available and the consult may move, and the move happens
 * only if it was written. The live store plans offers from its own copy, which
 * can lag (another instance just made them busy); locking the availability row
 * serializes with accept, so a psychiatrist on a call is never rung.
 */
export function offerGuard(o: LiveOffer): NonNullable<MoveOptions['guard']> {
  return {
    sql: (
      n,
    ) => `INSERT INTO consult_offers (id, consult_id, psychiatrist_id, program_id, escalation_level, offered_at, expires_at)
      SELECT $${n}, $${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6}
        FROM psychiatrist_availability a, prev
       WHERE a.user_id = $${n + 2} AND a.status = 'available' AND prev.status = ANY($2::text[])
         FOR UPDATE OF a
      RETURNING id`,
    params: [
      o.offerId,
      o.consultId,
      o.workerId,
      o.programId,
      o.escalationLevel,
      new Date(o.offeredAtMs),
      new Date(o.expiresAtMs),
    ],
    refusal: () =>
      conflict(
        'psychiatrist_not_available',
        'The psychiatrist is no longer available for an offer.',
      ),
  };
}

/**
 * Closing the offer as accepted, as the guard of the consult's move to
 * `accepted` (see MoveOptions.guard): only a live, unexpired offer of this
 * psychiatrist, and only while the consult may move.
 */
export function acceptGuard(
  offerId: string,
  psychiatristId: string,
  now: Date,
): NonNullable<MoveOptions['guard']> {
  return {
    sql: (
      n,
    ) => `UPDATE consult_offers o SET outcome = 'accepted', outcome_reason = 'accepted', decided_at = $${n}
       FROM prev WHERE o.id = $${n + 1} AND o.psychiatrist_id = $${n + 2} AND o.outcome IS NULL AND o.expires_at > $${n}
         AND prev.status = ANY($2::text[])
      RETURNING o.id`,
    params: [now, offerId, psychiatristId],
    refusal: offerNotLive,
  };
}

export const offerNotLive = () =>
  conflict(
    'offer_not_live',
    'This request is no longer ringing for you: it was taken, withdrawn or timed out.',
  );
