import type { Queryable } from '../db/database';

/**
 * SQL for a visitor's device and identity checks: guesses counted before
 * they are compared, the device last seen, the check asked again on a new
 * device. No rules here.
 */

/**
 * Counts one identity check against the participant before it is compared,
 * in one conditional statement; null once the limit is reached. Returns the
 * count including this attempt.
 */

export async function reserveIdentityAttempt(
  db: Queryable,
  participantId: string,
  limit: number,
): Promise<number | null> {
  const { rows } = await db.query<{ n: number }>(
    `UPDATE visit_participants SET identity_failures = identity_failures + 1
      WHERE id = $1 AND identity_failures < $2
      RETURNING identity_failures AS n`,
    [participantId, limit],
  );
  return rows[0]?.n ?? null;
}

/** Gives back a reserved identity check that matched. */
export async function releaseIdentityAttempt(
  db: Queryable,
  participantId: string,
): Promise<void> {
  await db.query(
    `UPDATE visit_participants
        SET identity_failures = greatest(identity_failures - 1, 0)
      WHERE id = $1`,
    [participantId],
  );
}

/**
 * The participant's device was seen now (a request or a live socket with
 * its visit token): a re-entry from another device is refused while this is
 * recent.
 */
export async function markDeviceSeen(
  db: Queryable,
  participantId: string,
  now: Date,
): Promise<void> {
  await db.query(
    'UPDATE visit_participants SET device_seen_at = $2 WHERE id = $1',
    [participantId, now],
  );
}

/** When a live visit token of this participant was last seen, if any is live. */
export async function liveDeviceSeenAt(
  db: Queryable,
  participantId: string,
  now: Date,
): Promise<Date | null> {
  const { rows } = await db.query<{ seenAt: Date | null }>(
    `SELECT p.device_seen_at AS "seenAt" FROM visit_participants p
      WHERE p.id = $1 AND EXISTS (SELECT 1 FROM visit_sessions s
        WHERE s.participant_id = p.id AND s.revoked_at IS NULL AND s.expires_at > $2)`,
    [participantId, now],
  );
  return rows[0]?.seenAt ?? null;
}

/** A new device: the identity check is asked again before anything else. */
export async function forgetIdentityCheck(
  db: Queryable,
  participantId: string,
): Promise<void> {
  await db.query(
    'UPDATE visit_participants SET identity_confirmed_at = NULL WHERE id = $1',
    [participantId],
  );
}
