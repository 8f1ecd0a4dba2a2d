import type { ConsultAccessFacts } from '../auth/access-policy';
import type { Queryable } from '../db/database';

/** What the visits module reads about a consult and its patient (the consults table is the queue module's). */
export interface VisitConsult extends ConsultAccessFacts {
  id: string;
  patientId: string;
  patient: {
    givenName: string;
    familyName: string;
    birthDate: string;
    preferredLanguage: string;
  };
}

export async function findVisitConsult(
  db: Queryable,
  consultId: string,
): Promise<VisitConsult | null> {
  const { rows } = await db.query<
    Omit<VisitConsult, 'patient' | 'offeredTo'> & {
      givenName: string;
      familyName: string;
      birthDate: string;
      preferredLanguage: string;
      offeredTo: string[] | null;
    }
  >(
    `SELECT c.id, c.program_id AS "programId", c.practice_id AS "practiceId", c.requested_by AS "requestedBy",
            c.assigned_psychiatrist_id AS "assignedPsychiatristId", c.patient_id AS "patientId",
            p.given_name AS "givenName", p.family_name AS "familyName", p.birth_date::text AS "birthDate",
            p.preferred_language AS "preferredLanguage",
            (SELECT array_agg(o.psychiatrist_id::text) FROM consult_offers o WHERE o.consult_id = c.id) AS "offeredTo"
       FROM consults c JOIN patients p ON p.id = c.patient_id WHERE c.id = $1`,
    [consultId],
  );
  const r = rows[0];
  if (!r) return null;
  const {
    givenName,
    familyName,
    birthDate,
    preferredLanguage,
    offeredTo,
    ...facts
  } = r;
  return {
    ...facts,
    offeredTo: offeredTo ?? [],
    patient: { givenName, familyName, birthDate, preferredLanguage },
  };
}
