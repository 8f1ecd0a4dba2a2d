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
import { localDate } from './calendar-days';
import {
  rulesFor,
  type PayerRules,
  type PayerRulesOverride,
} from './payer-rules';

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

/** The payer on a date: the newest coverage effective by then; 'default' without one. */
export async function payerOn(
  db: Queryable,
  patientId: string,
  date: string,
): Promise<string> {
  const { rows } = await db.query<{ payer: string }>(
    // The latest coverage begun by the date; once it has ended, the default table.
    `SELECT CASE WHEN end_date IS NULL OR end_date > $2::date THEN payer END AS payer FROM patient_coverages WHERE patient_id = $1 AND effective_from <= $2::date ORDER BY effective_from DESC, recorded_at DESC LIMIT 1`,
    [patientId, date],
  );
  return rows[0]?.payer ?? 'default';
}

export async function payerRulesFor(
  db: Queryable,
  programId: string,
  payer: string,
): Promise<PayerRules> {
  const { rows } = await db.query<{ rules: PayerRulesOverride }>(
    `SELECT rules FROM billing_payer_rules WHERE program_id = $1 AND payer = $2`,
    [programId, payer],
  );
  return rulesFor(payer, rows[0]?.rules ?? null);
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

/** This program's overrides of the payer tables, by payer. */
export async function payerOverrides(
  db: Queryable,
  programId: string,
): Promise<Map<string, PayerRulesOverride>> {
  const { rows } = await db.query<{
    payer: string;
    rules: PayerRulesOverride;
  }>(`SELECT payer, rules FROM billing_payer_rules WHERE program_id = $1`, [
    programId,
  ]);
  return new Map(rows.map((r) => [r.payer, r.rules]));
}

export async function savePayerOverride(
  db: Queryable,
  o: {
    programId: string;
    payer: string;
    rules: PayerRulesOverride;
    by: string;
    now: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO billing_payer_rules (program_id, payer, rules, updated_by, updated_at) VALUES ($1, $2, $3::jsonb, $4, $5)
     ON CONFLICT (program_id, payer) DO UPDATE SET rules = EXCLUDED.rules, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
    [o.programId, o.payer, JSON.stringify(o.rules), o.by, o.now],
  );
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
