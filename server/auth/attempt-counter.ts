import type { Queryable } from '../db/database';

/**
 * A limit on guesses at a secret, per scope and key (an account, an address).
 * Reserving is one INSERT ... ON CONFLICT DO UPDATE ... WHERE: PostgreSQL
 * decides between concurrent attempts, so 200 at once against a limit of 5
 * check exactly 5. A reservation is taken before the secret is checked and
 * given back (release) when the attempt turns out not to be a guess.
 */
export interface AttemptLimit {
  scope: string;
  key: string;
  /** Attempts allowed per window before any delay. */
  limit: number;
  windowSeconds: number;
  /**
   * Past the limit, allow one more attempt after a delay that doubles each
   * time (backoffSeconds, then twice that, ... up to the window) instead of
   * refusing until the window ends. Absent: refuse until the window ends.
   */
  backoffSeconds?: number;
}

export type Reservation =
  | { ok: true; attempts: number }
  | { ok: false; retryAfterSeconds: number };

export async function reserveAttempt(
  db: Queryable,
  l: AttemptLimit,
  now: Date,
): Promise<Reservation> {
  const windowStart = new Date(now.getTime() - l.windowSeconds * 1000);
  const { rows } = await db.query<{ attempts: number }>(
    `INSERT INTO attempt_counters AS c (scope, key, attempts, window_started_at)
     VALUES ($1, $2, 1, $3)
     ON CONFLICT (scope, key) DO UPDATE SET
       attempts = CASE WHEN c.window_started_at <= $4 THEN 1
                       ELSE c.attempts + 1 END,
       window_started_at = CASE WHEN c.window_started_at <= $4 THEN $3
                                ELSE c.window_started_at END,
       blocked_until = CASE
         WHEN c.window_started_at <= $4 OR $6::float8 IS NULL
           OR c.attempts + 1 < $5 THEN NULL
         ELSE $3::timestamptz + make_interval(secs => least(
           $6::float8 * power(2, c.attempts + 1 - $5), $7::float8)) END
     WHERE c.window_started_at <= $4 OR c.attempts < $5
        OR ($6::float8 IS NOT NULL AND c.blocked_until <= $3)
     RETURNING attempts`,
    [
      l.scope,
      l.key,
      now,
      windowStart,
      l.limit,
      l.backoffSeconds ?? null,
      l.windowSeconds,
    ],
  );
  if (rows[0]) return { ok: true, attempts: rows[0].attempts };
  return { ok: false, retryAfterSeconds: await retryAfter(db, l, now) };
}

async function retryAfter(
  db: Queryable,
  l: AttemptLimit,
  now: Date,
): Promise<number> {
  const { rows } = await db.query<{ startedAt: Date; blockedUntil: Date }>(
    `SELECT window_started_at AS "startedAt", blocked_until AS "blockedUntil"
       FROM attempt_counters WHERE scope = $1 AND key = $2`,
    [l.scope, l.key],
  );
  const started = rows[0]?.startedAt.getTime() ?? now.getTime();
  const windowEnds = started + l.windowSeconds * 1000;
  const blocked = rows[0]?.blockedUntil?.getTime();
  const ends = blocked ? Math.min(blocked, windowEnds) : windowEnds;
  return Math.max(1, Math.ceil((ends - now.getTime()) / 1000));
}

/** Gives back one reserved attempt (the attempt was not a wrong guess). */
export async function releaseAttempt(
  db: Queryable,
  scope: string,
  key: string,
): Promise<void> {
  await db.query(
    `UPDATE attempt_counters SET attempts = greatest(attempts - 1, 0)
      WHERE scope = $1 AND key = $2`,
    [scope, key],
  );
}

/** Forgets the counter (a successful sign-in clears its account's count). */
export async function clearAttempts(
  db: Queryable,
  scope: string,
  key: string,
): Promise<void> {
  await db.query('DELETE FROM attempt_counters WHERE scope = $1 AND key = $2', [
    scope,
    key,
  ]);
}
