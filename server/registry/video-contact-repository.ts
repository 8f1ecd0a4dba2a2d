import { CARE_MANAGEMENT_LINE } from '../billing/billing-scope-repository';
import type { Queryable } from '../db/database';
import type { Statement } from '../db/statement';

/**
 * The consult a care manager's video contact runs on: line
 * `care_management`, born `accepted` (nobody is rung), requested by the care
 * manager, no psychiatrist (migration 177). Specialty and language come from
 * the patient, as routing would read them; nothing routes it.
 */
export function careContactConsultInsert(c: {
  id: string;
  programId: string;
  practiceId: string;
  patientId: string;
  careManagerId: string;
  now: Date;
}): Statement {
  return {
    sql: `INSERT INTO consults (id, program_id, practice_id, patient_id, requested_by, status, consult_type,
            contact_mode, reason_categories, clinical_question, urgency, specialty, language,
            callback_method, created_at, updated_at, line)
          SELECT $1, $2, $3, p.id, $5, 'accepted', 'clinician_consult', 'video', '{other}',
            'Care-manager video contact', 'routine',
            CASE WHEN p.birth_date <= ($6::timestamptz AT TIME ZONE 'UTC')::date - interval '18 years'
              THEN 'adult' ELSE 'child_adolescent' END,
            p.preferred_language, 'video', $6, $6, '${CARE_MANAGEMENT_LINE}'
            FROM patients p WHERE p.id = $4 RETURNING id`,
    params: [
      c.id,
      c.programId,
      c.practiceId,
      c.patientId,
      c.careManagerId,
      c.now,
    ],
  };
}

/** A call of a care-manager video contact, with what recording it needs. */
export interface CareContactCall {
  consultId: string;
  visitId: string;
  patientId: string;
  careManagerId: string;
  consultStatus: string;
  /** Other calls of the consult still open: the contact waits for them. */
  openCalls: number;
}

/** The care contact a call belongs to; null for any other call. */
export async function careContactOfCall(
  db: Queryable,
  callId: string,
): Promise<CareContactCall | null> {
  const { rows } = await db.query<CareContactCall>(
    // The contact's visit (its only one), also when the call that ended was
    // a consult call the care manager opened without it.
    `SELECT c.id AS "consultId", v.id AS "visitId", c.patient_id AS "patientId",
            c.requested_by AS "careManagerId", c.status AS "consultStatus",
            (SELECT count(*)::int FROM calls o WHERE o.consult_id = c.id AND o.status = 'open') AS "openCalls"
       FROM calls k JOIN consults c ON c.id = k.consult_id
       JOIN LATERAL (SELECT id FROM visits WHERE consult_id = c.id
                      ORDER BY created_at, id LIMIT 1) v ON true
      WHERE k.id = $1 AND c.line = '${CARE_MANAGEMENT_LINE}'`,
    [callId],
  );
  return rows[0] ?? null;
}

/** The contact a video contact's call wrote, if any. */
export async function contactOfConsult(
  db: Queryable,
  consultId: string,
): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM registry_contacts WHERE consult_id = $1',
    [consultId],
  );
  return rows[0]?.id ?? null;
}

/**
 * Care contacts a lost `ended` event left open (the process stopped between
 * the call's end and the write): the last call of each one whose calls all
 * ended before `endedBefore`, and whose consult is still open.
 */
export async function unrecordedCareContactCalls(
  db: Queryable,
  endedBefore: Date,
): Promise<string[]> {
  const { rows } = await db.query<{ callId: string }>(
    `SELECT (SELECT k.id FROM calls k WHERE k.consult_id = c.id
              ORDER BY k.ended_at DESC, k.id LIMIT 1) AS "callId"
       FROM consults c
      WHERE c.line = '${CARE_MANAGEMENT_LINE}'
        AND c.status IN ('accepted', 'in_call', 'wrap_up')
        AND EXISTS (SELECT 1 FROM calls k WHERE k.consult_id = c.id)
        AND NOT EXISTS (SELECT 1 FROM calls k WHERE k.consult_id = c.id
                         AND (k.status = 'open' OR k.ended_at > $1))
      ORDER BY c.created_at LIMIT 50`,
    [endedBefore],
  );
  return rows.map((r) => r.callId);
}
