import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database';
import { runStatement, type Statement } from '../db/statement';
import type { PatientAccessFacts } from '../auth/access-policy';
import type { NewPatient, Patient } from './patient';

const COLUMNS = `p.id, p.practice_id AS "practiceId", pr.program_id AS "programId", p.given_name AS "givenName",
  p.family_name AS "familyName", p.birth_date AS "birthDate", p.sex, p.state, p.preferred_language AS "preferredLanguage",
  p.created_at AS "createdAt"`;

export async function findPatient(
  db: Queryable,
  id: string,
): Promise<Patient | null> {
  const { rows } = await db.query<Patient>(
    `SELECT ${COLUMNS} FROM patients p JOIN practices pr ON pr.id = p.practice_id WHERE p.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function listPatients(
  db: Queryable,
  scope: { programId: string; practiceId?: string | null },
): Promise<Patient[]> {
  const { rows } = await db.query<Patient>(
    `SELECT ${COLUMNS} FROM patients p JOIN practices pr ON pr.id = p.practice_id
      WHERE pr.program_id = $1 AND ($2::uuid IS NULL OR p.practice_id = $2)
      ORDER BY p.family_name, p.given_name LIMIT 500`,
    [scope.programId, scope.practiceId ?? null],
  );
  return rows;
}

/** A new patient's row; the caller makes the id so the insert can go out with the writes that refer to it. */
export function patientInsert(
  id: string,
  practiceId: string,
  p: NewPatient,
  createdBy: string | null,
): Statement {
  return {
    sql: `INSERT INTO patients (id, practice_id, given_name, family_name, birth_date, sex, state, preferred_language, created_by)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    params: [
      id,
      practiceId,
      p.givenName,
      p.familyName,
      p.birthDate,
      p.sex,
      p.state,
      p.preferredLanguage,
      createdBy,
    ],
  };
}

export async function insertPatient(
  db: Queryable,
  practiceId: string,
  p: NewPatient,
  createdBy: string | null,
): Promise<string> {
  const id = randomUUID();
  await runStatement(db, patientInsert(id, practiceId, p, createdBy));
  return id;
}

/**
 * Facts the access policy needs about a patient for one consulting
 * clinician (psychiatrist or BH clinician). The consult link is any consult
 * for the patient offered or assigned to them; the episode link, a BH
 * episode they hold or held for the patient. One round trip for both.
 */
export async function patientFactsFor(
  db: Queryable,
  patient: Patient,
  psychiatristId: string | null,
): Promise<PatientAccessFacts> {
  let psychiatristLinked = false;
  let episodeLinked = false;
  if (psychiatristId) {
    const { rows } = await db.query<{ consult: boolean; episode: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM consults c WHERE c.patient_id = $1 AND (c.assigned_psychiatrist_id = $2
                OR EXISTS (SELECT 1 FROM consult_offers o WHERE o.consult_id = c.id AND o.psychiatrist_id = $2))) AS consult,
              EXISTS (SELECT 1 FROM bh_episodes e WHERE e.patient_id = $1 AND e.clinician_id = $2) AS episode`,
      [patient.id, psychiatristId],
    );
    psychiatristLinked = rows[0]?.consult === true;
    episodeLinked = rows[0]?.episode === true;
  }
  return {
    practiceId: patient.practiceId,
    programId: patient.programId,
    psychiatristLinked,
    episodeLinked,
  };
}
