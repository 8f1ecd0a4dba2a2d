import type { Queryable } from '../db/database';
import type { Shift, ShiftInput } from '../../signaling/protocol/rest/roster';

const COLUMNS = `s.id, s.psychiatrist_id AS "psychiatristId", u.display_name AS "psychiatristName",
  to_char(s.local_date, 'YYYY-MM-DD') AS date, s.local_start AS start, s.local_end AS "end",
  to_char(s.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "startsAt",
  to_char(s.ends_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "endsAt"`;

/** Shifts that overlap [fromMs, toMs), earliest first. */
export async function listShifts(
  db: Queryable,
  programId: string,
  fromMs: number,
  toMs: number,
): Promise<Shift[]> {
  const { rows } = await db.query<Shift>(
    `SELECT ${COLUMNS} FROM on_call_shifts s JOIN users u ON u.id = s.psychiatrist_id
      WHERE s.program_id = $1 AND s.starts_at < $3 AND s.ends_at > $2
      ORDER BY s.starts_at, u.display_name, s.id`,
    [programId, new Date(fromMs), new Date(toMs)],
  );
  return rows;
}

/** Whether the user is an active psychiatrist of the program. */
export async function isProgramPsychiatrist(
  db: Queryable,
  programId: string,
  userId: string,
): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM users WHERE id = $1 AND program_id = $2 AND role = 'psychiatrist'
        AND active`,
    [userId, programId],
  );
  return rows.length > 0;
}

/**
 * Adds a shift unless the psychiatrist already has one that overlaps it
 * (null then). Locks the psychiatrist's row so two admins adding shifts at
 * once cannot both pass the overlap check; call inside a transaction.
 */
export async function insertShift(
  tx: Queryable,
  s: ShiftInput & {
    programId: string;
    startsMs: number;
    endsMs: number;
    createdBy: string;
    now: Date;
  },
): Promise<string | null> {
  await tx.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [
    s.psychiatristId,
  ]);
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO on_call_shifts (program_id, psychiatrist_id, local_date, local_start, local_end,
        starts_at, ends_at, created_by, created_at)
     SELECT $1, $2, $3::date, $4, $5, $6, $7, $8, $9
      WHERE NOT EXISTS (SELECT 1 FROM on_call_shifts
                         WHERE psychiatrist_id = $2 AND starts_at < $7 AND ends_at > $6)
     RETURNING id`,
    [
      s.programId,
      s.psychiatristId,
      s.date,
      s.start,
      s.end,
      new Date(s.startsMs),
      new Date(s.endsMs),
      s.createdBy,
      s.now,
    ],
  );
  return rows[0]?.id ?? null;
}

export async function findShift(
  db: Queryable,
  programId: string,
  id: string,
): Promise<Shift | null> {
  const { rows } = await db.query<Shift>(
    `SELECT ${COLUMNS} FROM on_call_shifts s JOIN users u ON u.id = s.psychiatrist_id
      WHERE s.id = $1 AND s.program_id = $2`,
    [id, programId],
  );
  return rows[0] ?? null;
}

export async function deleteShift(
  db: Queryable,
  programId: string,
  id: string,
): Promise<boolean> {
  const { rows } = await db.query(
    'DELETE FROM on_call_shifts WHERE id = $1 AND program_id = $2 RETURNING id',
    [id, programId],
  );
  return rows.length > 0;
}
