import { consentFacts } from '../consent/consent-repository';
import type { Queryable } from '../db/database';
import type {
  CallEventFact,
  ClinicianFact,
  ConsultantRole,
  ConsultBillingFacts,
  EncounterFact,
  EnrollmentFact,
  LedgerEntryFact,
  PatientMonthFacts,
  PriorLineFact,
} from './billing-facts';
import {
  CARE_MANAGEMENT_LINE,
  consultLineKeys,
  monthLineKeys,
} from './billing-scope-repository';
import { localDate } from './calendar-days';
import { payerOn, payerRulesFor } from './payer-rules-repository';

/** Loads, from the store, exactly the facts the pure coding engine takes. */

const LEDGER_COLUMNS = `id, clinician_id AS "clinicianId", time_role AS "role", activity, started_at AS "startedAt", ended_at AS "endedAt",
  minutes, supersedes, voids, entered_at AS "enteredAt"`;

interface LedgerRow
  extends Omit<LedgerEntryFact, 'startedAt' | 'endedAt' | 'enteredAt'> {
  startedAt: Date;
  endedAt: Date | null;
  enteredAt: Date;
}

const toLedgerFact = (r: LedgerRow): LedgerEntryFact => ({
  ...r,
  startedAt: r.startedAt.getTime(),
  endedAt: r.endedAt?.getTime() ?? null,
  enteredAt: r.enteredAt.getTime(),
});

export async function ledgerForConsult(
  db: Queryable,
  consultId: string,
): Promise<LedgerEntryFact[]> {
  const { rows } = await db.query<LedgerRow>(
    `SELECT ${LEDGER_COLUMNS} FROM time_ledger_entries WHERE consult_id = $1 ORDER BY entered_at, id`,
    [consultId],
  );
  return rows.map(toLedgerFact);
}

export async function careLedgerForPatient(
  db: Queryable,
  patientId: string,
): Promise<LedgerEntryFact[]> {
  const { rows } = await db.query<LedgerRow>(
    `SELECT ${LEDGER_COLUMNS} FROM time_ledger_entries WHERE patient_id = $1 AND activity = 'care_management' ORDER BY entered_at, id`,
    [patientId],
  );
  return rows.map(toLedgerFact);
}

export async function callEventsForConsult(
  db: Queryable,
  consultId: string,
): Promise<CallEventFact[]> {
  const { rows } = await db.query<
    Omit<CallEventFact, 'at' | 'id'> & { at: Date; id: string }
  >(
    // A visit's calls are the patient's direct evaluation, coded by codeVisit: never consult discussion time.
    `SELECT e.id, e.call_id AS "callId", e.at, e.type, e.user_id AS "userId", e.participant_id AS "participantId", e.participant_role AS "participantRole"
       FROM call_events e JOIN calls c ON c.id = e.call_id WHERE e.consult_id = $1 AND c.visit_id IS NULL ORDER BY e.at, e.id`,
    [consultId],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), at: r.at.getTime() }));
}

export async function clinicianFacts(
  db: Queryable,
  ids: readonly string[],
): Promise<Record<string, ClinicianFact>> {
  const { rows } = await db.query<ClinicianFact>(
    `SELECT id, npi FROM users WHERE id = ANY($1::uuid[])`,
    [[...new Set(ids)]],
  );
  return Object.fromEntries(rows.map((r) => [r.id, r]));
}

export async function encounterFacts(
  db: Queryable,
  patientId: string,
): Promise<EncounterFact[]> {
  const { rows } = await db.query<EncounterFact>(
    `SELECT id, clinician_id AS "clinicianId", kind, to_char(occurred_on, 'YYYY-MM-DD') AS date FROM patient_encounters WHERE patient_id = $1`,
    [patientId],
  );
  return rows;
}

/** Current, non-void lines of the patient outside the scope being recomputed. */
export async function priorLineFacts(
  db: Queryable,
  patientId: string,
  excludeKeys: readonly string[],
): Promise<PriorLineFact[]> {
  const { rows } = await db.query<PriorLineFact>(
    `SELECT l.line_key AS "lineKey", l.code, to_char(l.date_of_service, 'YYYY-MM-DD') AS "dateOfService", l.consult_id AS "consultId", l.status
       FROM billing_line_current c JOIN billing_lines l ON l.id = c.line_id
      WHERE c.patient_id = $1 AND c.status <> 'void' AND NOT (c.line_key = ANY($2::text[]))`,
    [patientId, [...excludeKeys]],
  );
  return rows;
}

export async function loadConsultFacts(
  db: Queryable,
  consultId: string,
  now: Date,
): Promise<ConsultBillingFacts | null> {
  const { rows } = await db.query<{
    id: string;
    programId: string;
    patientId: string;
    requestedBy: string;
    consultantId: string | null;
    consultantRole: ConsultantRole | null;
    requestedAt: Date;
    timeZone: string;
  }>(
    `SELECT c.id, c.program_id AS "programId", c.patient_id AS "patientId", c.requested_by AS "requestedBy",
       c.assigned_psychiatrist_id AS "consultantId", u.role AS "consultantRole",
       c.created_at AS "requestedAt", p.timezone AS "timeZone"
       FROM consults c JOIN programs p ON p.id = c.program_id
       LEFT JOIN users u ON u.id = c.assigned_psychiatrist_id
      WHERE c.id = $1 AND c.line <> '${CARE_MANAGEMENT_LINE}'`,
    [consultId],
  );
  const c = rows[0];
  if (!c) return null;
  const payer = await payerOn(
    db,
    c.patientId,
    localDate(c.requestedAt, c.timeZone),
  );
  const report = await db.query<{
    id: string;
    signedAt: Date | null;
    verbalDiscussion: boolean;
    directEvaluationAdvised: boolean;
  }>(
    `SELECT id, signed_at AS "signedAt", verbal_discussion AS "verbalDiscussion", direct_evaluation_advised AS "directEvaluationAdvised" FROM consult_reports WHERE consult_id = $1`,
    [consultId],
  );
  const r = report.rows[0];
  return {
    consult: {
      id: c.id,
      programId: c.programId,
      patientId: c.patientId,
      requestedBy: c.requestedBy,
      consultantId: c.consultantId,
      consultantRole: c.consultantRole,
      requestedAt: c.requestedAt.getTime(),
    },
    timeZone: c.timeZone,
    payer,
    rules: await payerRulesFor(db, c.programId, payer),
    clinicians: await clinicianFacts(db, [
      c.requestedBy,
      ...(c.consultantId ? [c.consultantId] : []),
    ]),
    callEvents: await callEventsForConsult(db, consultId),
    ledger: await ledgerForConsult(db, consultId),
    report: r
      ? {
          id: r.id,
          signedAt: r.signedAt?.getTime() ?? null,
          verbalDiscussion: r.verbalDiscussion,
          directEvaluationAdvised: r.directEvaluationAdvised,
        }
      : null,
    consents: await consentFacts(db, c.patientId),
    encounters: await encounterFacts(db, c.patientId),
    priorLines: await priorLineFacts(
      db,
      c.patientId,
      consultLineKeys(consultId),
    ),
    now: now.getTime(),
  };
}

export async function enrollmentFacts(
  db: Queryable,
  patientId: string,
): Promise<EnrollmentFact[]> {
  const { rows } = await db.query<EnrollmentFact>(
    `SELECT id, kind, to_char(start_date, 'YYYY-MM-DD') AS "startDate", to_char(end_date, 'YYYY-MM-DD') AS "endDate", billing_clinician_id AS "billingClinicianId"
       FROM care_enrollments WHERE patient_id = $1 ORDER BY start_date, id`,
    [patientId],
  );
  return rows;
}

export async function loadPatientMonthFacts(
  db: Queryable,
  patientId: string,
  month: string,
  now: Date,
): Promise<PatientMonthFacts | null> {
  const { rows } = await db.query<{ programId: string; timeZone: string }>(
    `SELECT pr.program_id AS "programId", p.timezone AS "timeZone" FROM patients pa JOIN practices pr ON pr.id = pa.practice_id JOIN programs p ON p.id = pr.program_id WHERE pa.id = $1`,
    [patientId],
  );
  const where = rows[0];
  if (!where) return null;
  const enrollments = await enrollmentFacts(db, patientId);
  const payer = await payerOn(db, patientId, `${month}-01`);
  return {
    programId: where.programId,
    patientId,
    month,
    timeZone: where.timeZone,
    payer,
    rules: await payerRulesFor(db, where.programId, payer),
    clinicians: await clinicianFacts(
      db,
      enrollments.map((e) => e.billingClinicianId),
    ),
    enrollments,
    ledger: await careLedgerForPatient(db, patientId),
    consents: await consentFacts(db, patientId),
    priorLines: await priorLineFacts(
      db,
      patientId,
      monthLineKeys(patientId, month),
    ),
    now: now.getTime(),
  };
}

/** The time zone of the patient's program: billing months are local months. */
export async function patientTimeZone(
  db: Queryable,
  patientId: string,
): Promise<string | null> {
  const { rows } = await db.query<{ timeZone: string }>(
    `SELECT p.timezone AS "timeZone" FROM patients pa JOIN practices pr ON pr.id = pa.practice_id JOIN programs p ON p.id = pr.program_id WHERE pa.id = $1`,
    [patientId],
  );
  return rows[0]?.timeZone ?? null;
}

export async function programTimeZone(
  db: Queryable,
  programId: string,
): Promise<string | null> {
  const { rows } = await db.query<{ timeZone: string }>(
    `SELECT timezone AS "timeZone" FROM programs WHERE id = $1`,
    [programId],
  );
  return rows[0]?.timeZone ?? null;
}
