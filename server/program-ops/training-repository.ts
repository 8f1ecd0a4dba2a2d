import type { Queryable } from '../db/database';
import type {
  Training,
  TrainingInput,
} from '../../signaling/protocol/rest/trainings';

const COLUMNS = `t.id, to_char(t.held_on, 'YYYY-MM-DD') AS "heldOn", t.topic, t.format, t.presenter, t.minutes,
  t.cme_credits::float8 AS "cmeCredits",
  COALESCE(ARRAY(SELECT a.user_id FROM training_attendees a WHERE a.training_id = t.id ORDER BY a.user_id), '{}') AS "attendeeIds"`;

export async function listTrainings(
  db: Queryable,
  programId: string,
): Promise<Training[]> {
  const { rows } = await db.query<Training>(
    `SELECT ${COLUMNS} FROM trainings t WHERE t.program_id = $1 ORDER BY t.held_on DESC, t.id`,
    [programId],
  );
  return rows;
}

/** Attendees outside the program's PCPs of enrolled practices, by id. */
export async function notEnrolledProviders(
  db: Queryable,
  programId: string,
  ids: readonly string[],
  on: string,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT x.id FROM unnest($2::uuid[]) AS x(id)
      WHERE NOT EXISTS (
        SELECT 1 FROM users u JOIN practices p ON p.id = u.practice_id
         WHERE u.id = x.id AND u.program_id = $1 AND u.role = 'pcp'
           AND p.enrolled_on <= $3::date AND (p.withdrawn_on IS NULL OR p.withdrawn_on >= $3::date))`,
    [programId, ids, on],
  );
  return rows.map((r) => r.id);
}

export async function insertTraining(
  db: Queryable,
  programId: string,
  t: TrainingInput,
  by: string,
  now: Date,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO trainings (program_id, held_on, topic, format, presenter, minutes, cme_credits, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      programId,
      t.heldOn,
      t.topic,
      t.format,
      t.presenter,
      t.minutes,
      t.cmeCredits,
      by,
      now,
    ],
  );
  const id = rows[0]!.id;
  await db.query(
    `INSERT INTO training_attendees (training_id, user_id) SELECT $1, x FROM unnest($2::uuid[]) AS x`,
    [id, [...new Set(t.attendeeIds)]],
  );
  return id;
}
