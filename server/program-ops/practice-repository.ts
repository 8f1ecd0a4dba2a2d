import type { Queryable } from '../db/database';
import type {
  Practice,
  PracticeInput,
} from '../../signaling/protocol/rest/admin';

const COLUMNS = `id, name, address, state, rural, rural_basis AS "ruralBasis",
  to_char(enrolled_on, 'YYYY-MM-DD') AS "enrolledOn", to_char(withdrawn_on, 'YYYY-MM-DD') AS "withdrawnOn"`;

export async function listPractices(
  db: Queryable,
  programId: string,
): Promise<Practice[]> {
  const { rows } = await db.query<Practice>(
    `SELECT ${COLUMNS} FROM practices WHERE program_id = $1 ORDER BY name, id`,
    [programId],
  );
  return rows;
}

export async function insertPractice(
  db: Queryable,
  programId: string,
  p: PracticeInput,
): Promise<Practice> {
  const { rows } = await db.query<Practice>(
    `INSERT INTO practices (program_id, name, address, state, rural, rural_basis, enrolled_on, withdrawn_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
    [
      programId,
      p.name,
      p.address,
      p.state,
      p.rural,
      p.ruralBasis,
      p.enrolledOn,
      p.withdrawnOn,
    ],
  );
  return rows[0]!;
}

/** Only a practice of the caller's program; null when there is none. */
export async function updatePractice(
  db: Queryable,
  programId: string,
  id: string,
  p: PracticeInput,
): Promise<Practice | null> {
  const { rows } = await db.query<Practice>(
    `UPDATE practices SET name = $3, address = $4, state = $5, rural = $6, rural_basis = $7, enrolled_on = $8, withdrawn_on = $9
      WHERE program_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [
      programId,
      id,
      p.name,
      p.address,
      p.state,
      p.rural,
      p.ruralBasis,
      p.enrolledOn,
      p.withdrawnOn,
    ],
  );
  return rows[0] ?? null;
}

export async function practiceInProgram(
  db: Queryable,
  programId: string,
  id: string,
): Promise<boolean> {
  const { rows } = await db.query(
    'SELECT 1 FROM practices WHERE program_id = $1 AND id = $2',
    [programId, id],
  );
  return rows.length > 0;
}
