import type { Queryable } from '../db/database';
import type { Role, User } from '../../signaling/protocol/identities';

// A user's wire shape and the specialty names live in the wire contract.
export {
  SPECIALTIES,
  type Specialty,
  type User,
} from '../../signaling/protocol/identities';

export const USER_COLUMNS = `id, program_id AS "programId", practice_id AS "practiceId", email, role,
  display_name AS "displayName", npi, specialties, licensed_states AS "licensedStates", languages, active`;

export async function findUserById(
  db: Queryable,
  id: string,
): Promise<User | null> {
  const { rows } = await db.query<User>(
    `SELECT ${USER_COLUMNS} FROM users WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function findUserByEmail(
  db: Queryable,
  email: string,
): Promise<(User & { passwordHash: string }) | null> {
  const { rows } = await db.query<User & { passwordHash: string }>(
    `SELECT ${USER_COLUMNS}, password_hash AS "passwordHash" FROM users WHERE lower(email) = lower($1)`,
    [email],
  );
  return rows[0] ?? null;
}

export async function listUsers(
  db: Queryable,
  programId: string,
  role?: Role,
): Promise<User[]> {
  const { rows } = await db.query<User>(
    `SELECT ${USER_COLUMNS} FROM users WHERE program_id = $1 AND ($2::text IS NULL OR role = $2) ORDER BY display_name`,
    [programId, role ?? null],
  );
  return rows;
}
