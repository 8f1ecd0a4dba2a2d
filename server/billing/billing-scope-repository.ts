import type { Queryable } from '../db/database';

/**
 * What one billing recomputation covers: the line keys of a consult or a
 * patient-month, the lock that serializes a scope across instances, and
 * which consults and patients a period's recomputation recodes.
 */

export const consultLineKeys = (consultId: string) => [
  `ip:${consultId}:consultant`,
  `ip:${consultId}:requesting`,
];
export const monthLineKeys = (patientId: string, month: string) => [
  `cocm:${patientId}:${month}:primary`,
  `cocm:${patientId}:${month}:addon`,
  `bhi:${patientId}:${month}`,
];

/**
 * Whether a consult has anything to code or to void: time (call events or
 * ledger entries) or lines already. Without either, coding yields nothing, so
 * a recompute can stop after this one statement (most transitions of a
 * consult before its call).
 */
export async function hasBillingFacts(
  db: Queryable,
  consultId: string,
): Promise<boolean> {
  const { rows } = await db.query<{ any: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM call_events WHERE consult_id = $1)
         OR EXISTS (SELECT 1 FROM time_ledger_entries WHERE consult_id = $1)
         OR EXISTS (SELECT 1 FROM billing_line_current WHERE line_key = ANY($2::text[])) AS any`,
    [consultId, consultLineKeys(consultId)],
  );
  return rows[0]?.any === true;
}

/** Serializes recomputations of one scope (a consult, a patient-month) across instances, until commit. */
export async function lockBillingScope(
  tx: Queryable,
  scope: string,
): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [scope]);
}

/**
 * A care manager's video contact is a consult on this line only to run its
 * call (server/registry/video-contact-service.ts): its minutes are the
 * contact's care-management ledger row, coded with the patient's month, so
 * no consult or visit code (99446-99452, telehealth E/M) is ever drafted
 * from it.
 */
export const CARE_MANAGEMENT_LINE = 'care_management';

export async function consultIdsOfPatient(
  db: Queryable,
  patientId: string,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM consults WHERE patient_id = $1
        AND line <> '${CARE_MANAGEMENT_LINE}' ORDER BY created_at`,
    [patientId],
  );
  return rows.map((r) => r.id);
}

/**
 * Consults a period's recomputation recodes: requested in the window, or
 * with lines dated in the period, or with a held line.
 */
export async function consultIdsToRecode(
  db: Queryable,
  programId: string,
  w: {
    requestedFrom: Date;
    requestedTo: Date;
    serviceFrom: string;
    serviceTo: string;
  },
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM consults WHERE program_id = $1 AND created_at >= $2 AND created_at < $3
       AND line <> '${CARE_MANAGEMENT_LINE}'
     UNION SELECT consult_id FROM billing_line_current WHERE program_id = $1 AND consult_id IS NOT NULL
       AND ((date_of_service >= $4::date AND date_of_service < $5::date) OR status = 'held')`,
    [programId, w.requestedFrom, w.requestedTo, w.serviceFrom, w.serviceTo],
  );
  return rows.map((r) => r.id);
}

/** Patients of the program with a care enrollment overlapping [from, to). */
export async function patientsEnrolledIn(
  db: Queryable,
  programId: string,
  from: string,
  to: string,
): Promise<string[]> {
  const { rows } = await db.query<{ patientId: string }>(
    `SELECT DISTINCT e.patient_id AS "patientId" FROM care_enrollments e JOIN patients pa ON pa.id = e.patient_id JOIN practices pr ON pr.id = pa.practice_id
      WHERE pr.program_id = $1 AND e.start_date < $3::date AND (e.end_date IS NULL OR e.end_date >= $2::date)`,
    [programId, from, to],
  );
  return rows.map((r) => r.patientId);
}
