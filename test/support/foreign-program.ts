import type { Database } from '../../server/db/database';
import { hashPassword } from '../../server/auth/passwords';

/** A second program with its own practice, users and patient: nothing in it may be visible to the demo program. */
export async function createForeignProgram(db: Database): Promise<{
  programId: string;
  practiceId: string;
  patientId: string;
  pcpEmail: string;
}> {
  const one = async (sql: string, params: unknown[] = []) =>
    (await db.query<{ id: string }>(sql, params)).rows[0]!.id;
  const programId = await one(
    `INSERT INTO programs (name) VALUES ('Foreign Program') RETURNING id`,
  );
  const practiceId = await one(
    `INSERT INTO practices (program_id, name, state) VALUES ($1, 'Foreign Practice', 'NH') RETURNING id`,
    [programId],
  );
  const pcpEmail = `foreign-pcp-${programId.slice(0, 8)}@other.test`;
  await db.query(
    `INSERT INTO users (program_id, practice_id, email, password_hash, role, display_name) VALUES ($1, $2, $3, $4, 'pcp', 'Foreign PCP')`,
    [programId, practiceId, pcpEmail, await hashPassword('demo-password-1')],
  );
  const patientId = await one(
    `INSERT INTO patients (practice_id, given_name, family_name, birth_date, sex, state) VALUES ($1, 'Foreign', 'Patient', '2012-02-02', 'female', 'NH') RETURNING id`,
    [practiceId],
  );
  return { programId, practiceId, patientId, pcpEmail };
}
