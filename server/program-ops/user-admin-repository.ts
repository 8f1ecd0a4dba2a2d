import type { Queryable } from '../db/database';
import type {
  AdminUser,
  UserInvite,
  UserUpdate,
} from '../../signaling/protocol/rest/admin';

/** A password hash no password verifies against: an invited user cannot sign in yet. */
export const NOT_YET_SET = '!invited';

// Licenses are the states on the user (what routing reads; the seed sets
// only those) with the expiry beside them when one is recorded.
const COLUMNS = `u.id, u.email, u.display_name AS "displayName", u.role, u.practice_id AS "practiceId", u.npi,
  u.specialties, u.languages, u.active, u.password_hash = '${NOT_YET_SET}' AS pending,
  COALESCE((SELECT json_agg(json_build_object('state', s.state, 'expiresOn', to_char(l.expires_on, 'YYYY-MM-DD')) ORDER BY s.state)
              FROM unnest(u.licensed_states) AS s(state)
              LEFT JOIN user_licenses l ON l.user_id = u.id AND l.state = s.state), '[]') AS licenses`;

export async function listAdminUsers(
  db: Queryable,
  programId: string,
): Promise<AdminUser[]> {
  const { rows } = await db.query<AdminUser>(
    `SELECT ${COLUMNS} FROM users u WHERE u.program_id = $1 ORDER BY u.display_name, u.id`,
    [programId],
  );
  return rows;
}

export async function findAdminUser(
  db: Queryable,
  programId: string,
  id: string,
): Promise<AdminUser | null> {
  const { rows } = await db.query<AdminUser>(
    `SELECT ${COLUMNS} FROM users u WHERE u.program_id = $1 AND u.id = $2`,
    [programId, id],
  );
  return rows[0] ?? null;
}

/** Licenses: the states go on the user (routing reads them), the expiries beside. */
async function writeLicenses(
  db: Queryable,
  userId: string,
  licenses: UserInvite['licenses'],
): Promise<void> {
  await db.query('DELETE FROM user_licenses WHERE user_id = $1', [userId]);
  await db.query(
    `INSERT INTO user_licenses (user_id, state, expires_on)
     SELECT $1, x.state, x.expires_on FROM unnest($2::text[], $3::date[]) AS x(state, expires_on)`,
    [userId, licenses.map((l) => l.state), licenses.map((l) => l.expiresOn)],
  );
  await db.query('UPDATE users SET licensed_states = $2 WHERE id = $1', [
    userId,
    licenses.map((l) => l.state),
  ]);
}

export async function insertInvitedUser(
  db: Queryable,
  programId: string,
  u: UserInvite,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO users (program_id, practice_id, email, password_hash, role, display_name, npi, specialties, languages)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      programId,
      u.practiceId,
      u.email,
      NOT_YET_SET,
      u.role,
      u.displayName,
      u.npi,
      u.specialties,
      u.languages,
    ],
  );
  await writeLicenses(db, rows[0]!.id, u.licenses);
  return rows[0]!.id;
}

export async function updateUser(
  db: Queryable,
  id: string,
  u: UserUpdate,
): Promise<void> {
  await db.query(
    `UPDATE users SET display_name = COALESCE($2, display_name), practice_id = CASE WHEN $3 THEN $4::uuid ELSE practice_id END,
       npi = CASE WHEN $5 THEN $6 ELSE npi END, specialties = COALESCE($7, specialties), languages = COALESCE($8, languages)
     WHERE id = $1`,
    [
      id,
      u.displayName ?? null,
      u.practiceId !== undefined,
      u.practiceId ?? null,
      u.npi !== undefined,
      u.npi ?? null,
      u.specialties ?? null,
      u.languages ?? null,
    ],
  );
  if (u.licenses) await writeLicenses(db, id, u.licenses);
}

export async function insertInvitation(
  db: Queryable,
  i: {
    tokenHash: string;
    userId: string;
    createdBy: string;
    now: Date;
    expiresAt: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO user_invitations (token_hash, user_id, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
    [i.tokenHash, i.userId, i.createdBy, i.now, i.expiresAt],
  );
}

/** Spends a live invitation and sets the password, in one statement; null if none. */
export async function acceptInvitation(
  db: Queryable,
  tokenHash: string,
  passwordHash: string,
  now: Date,
): Promise<{ userId: string; email: string } | null> {
  const { rows } = await db.query<{ userId: string; email: string }>(
    `WITH spent AS (
       UPDATE user_invitations SET used_at = $3
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $3 RETURNING user_id)
     UPDATE users u SET password_hash = $2 FROM spent
      WHERE u.id = spent.user_id AND u.active RETURNING u.id AS "userId", u.email`,
    [tokenHash, passwordHash, now],
  );
  return rows[0] ?? null;
}

/** Deactivates and revokes every live session; returns the revoked session ids. */
export async function deactivateUser(
  db: Queryable,
  programId: string,
  id: string,
  now: Date,
): Promise<string[] | null> {
  const { rows } = await db.query<{ id: string }>(
    'UPDATE users SET active = false WHERE program_id = $1 AND id = $2 RETURNING id',
    [programId, id],
  );
  if (!rows[0]) return null;
  const sessions = await db.query<{ id: string }>(
    `UPDATE sessions SET revoked_at = $2, revoked_reason = 'deactivated' WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`,
    [id, now],
  );
  return sessions.rows.map((s) => s.id);
}
