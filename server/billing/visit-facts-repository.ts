import { consentFacts } from '../consent/consent-repository';
import type { Queryable } from '../db/database';
import type { CallEventFact } from './billing-facts';
import {
  clinicianFacts,
  encounterFacts,
  priorLineFacts,
} from './billing-facts-repository';
import { CARE_MANAGEMENT_LINE } from './billing-scope-repository';
import { payerOn, payerRulesFor } from './payer-rules-repository';
import { localDate } from './calendar-days';
import type { InteractiveComplexityFactor } from './telehealth-payer-rules';
import type {
  PatientLocation,
  PhoneLegFact,
  PriorServiceFact,
  VisitAttestationFact,
  VisitConsentFact,
  VisitFacts,
  VisitParticipantFact,
  VisitService,
} from './visit-facts';
import { visitLineKeys } from './visit-rules';

/** Loads, from the store, exactly the facts `codeVisit` takes for one visit. */

/** Every call event of a visit (its calls, in order); also a care contact's. */
export async function visitCallEvents(
  db: Queryable,
  visitId: string,
): Promise<CallEventFact[]> {
  const { rows } = await db.query<
    Omit<CallEventFact, 'at' | 'id'> & { at: Date; id: string }
  >(
    `SELECT e.id, e.call_id AS "callId", e.at, e.type, e.user_id AS "userId", e.participant_id AS "participantId", e.participant_role AS "participantRole"
       FROM call_events e JOIN calls c ON c.id = e.call_id WHERE c.visit_id = $1 ORDER BY e.at, e.id`,
    [visitId],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), at: r.at.getTime() }));
}

async function participantFacts(
  db: Queryable,
  visitId: string,
): Promise<VisitParticipantFact[]> {
  const { rows } = await db.query<VisitParticipantFact>(
    `SELECT id, role, audio_only AS "audioOnly", reported_location AS "reportedLocation"
       FROM visit_participants WHERE visit_id = $1 ORDER BY created_at, id`,
    [visitId],
  );
  return rows;
}

async function phoneLegFacts(
  db: Queryable,
  visitId: string,
): Promise<PhoneLegFact[]> {
  const { rows } = await db.query<PhoneLegFact>(
    `SELECT call_sid AS "callSid", direction, participant_id AS "participantId", staff_user_id AS "staffUserId"
       FROM visit_phone_legs WHERE visit_id = $1`,
    [visitId],
  );
  return rows;
}

export async function latestAttestation(
  db: Queryable,
  visitId: string,
): Promise<VisitAttestationFact | null> {
  const { rows } = await db.query<{
    patientLocation: PatientLocation | null;
    service: VisitService | null;
    interactiveComplexity: InteractiveComplexityFactor[];
    recordedBy: string;
    recordedAt: Date;
  }>(
    `SELECT patient_location AS "patientLocation", service, interactive_complexity AS "interactiveComplexity",
       recorded_by AS "recordedBy", recorded_at AS "recordedAt"
       FROM visit_billing_attestations WHERE visit_id = $1 ORDER BY recorded_at DESC, id DESC LIMIT 1`,
    [visitId],
  );
  const r = rows[0];
  return r ? { ...r, recordedAt: r.recordedAt.getTime() } : null;
}

/** The patient's earlier visits that took place, and face-to-face encounters. */
async function priorServiceFacts(
  db: Queryable,
  visit: { id: string; patientId: string },
  timeZone: string,
): Promise<PriorServiceFact[]> {
  const { rows } = await db.query<PriorServiceFact>(
    `SELECT 'visit' AS kind, v.id, c.assigned_psychiatrist_id AS "clinicianId",
       to_char(COALESCE(v.ended_at, v.scheduled_at) AT TIME ZONE $3, 'YYYY-MM-DD') AS date
       FROM visits v JOIN consults c ON c.id = v.consult_id
      WHERE v.patient_id = $1 AND v.id <> $2 AND v.status = 'ended' AND c.assigned_psychiatrist_id IS NOT NULL
        AND EXISTS (SELECT 1 FROM calls k JOIN call_events e ON e.call_id = k.id WHERE k.visit_id = v.id)`,
    [visit.patientId, visit.id, timeZone],
  );
  const encounters = (await encounterFacts(db, visit.patientId))
    .filter((e) => e.kind === 'face_to_face')
    .map((e) => ({
      kind: 'encounter' as const,
      id: e.id,
      clinicianId: e.clinicianId,
      date: e.date,
    }));
  return [...rows, ...encounters];
}

async function visitConsentFacts(
  db: Queryable,
  visitId: string,
): Promise<VisitConsentFact[]> {
  const { rows } = await db.query<{
    id: string;
    signerRole: VisitConsentFact['signerRole'];
    agreedAt: Date;
  }>(
    `SELECT vc.id, p.role AS "signerRole", vc.agreed_at AS "agreedAt"
       FROM visit_consents vc JOIN visit_participants p ON p.id = vc.participant_id
      WHERE vc.visit_id = $1 AND vc.kind = 'telehealth' ORDER BY vc.agreed_at`,
    [visitId],
  );
  return rows.map((r) => ({ ...r, agreedAt: r.agreedAt.getTime() }));
}

export async function loadVisitFacts(
  db: Queryable,
  visitId: string,
  now: Date,
): Promise<VisitFacts | null> {
  const { rows } = await db.query<{
    id: string;
    consultId: string;
    programId: string;
    patientId: string;
    status: VisitFacts['visit']['status'];
    billingClinicianId: string | null;
    scheduledAt: Date;
    timeZone: string;
  }>(
    `SELECT v.id, v.consult_id AS "consultId", v.program_id AS "programId", v.patient_id AS "patientId", v.status,
       c.assigned_psychiatrist_id AS "billingClinicianId", v.scheduled_at AS "scheduledAt", p.timezone AS "timeZone"
       FROM visits v JOIN consults c ON c.id = v.consult_id JOIN programs p ON p.id = v.program_id
      WHERE v.id = $1 AND c.line <> '${CARE_MANAGEMENT_LINE}'`,
    [visitId],
  );
  const v = rows[0];
  if (!v) return null;
  const payer = await payerOn(
    db,
    v.patientId,
    localDate(v.scheduledAt, v.timeZone),
  );
  return {
    visit: {
      id: v.id,
      consultId: v.consultId,
      programId: v.programId,
      patientId: v.patientId,
      status: v.status,
      billingClinicianId: v.billingClinicianId,
    },
    timeZone: v.timeZone,
    payer,
    rules: await payerRulesFor(db, v.programId, payer),
    clinicians: await clinicianFacts(
      db,
      v.billingClinicianId ? [v.billingClinicianId] : [],
    ),
    participants: await participantFacts(db, visitId),
    callEvents: await visitCallEvents(db, visitId),
    phoneLegs: await phoneLegFacts(db, visitId),
    attestation: await latestAttestation(db, visitId),
    priorServices: await priorServiceFacts(db, v, v.timeZone),
    consents: await consentFacts(db, v.patientId),
    visitConsents: await visitConsentFacts(db, visitId),
    priorLines: await priorLineFacts(db, v.patientId, visitLineKeys(visitId)),
    now: now.getTime(),
  };
}

/** The visits of a consult, oldest first: a consult's recompute codes them too. */
export async function visitIdsOfConsult(
  db: Queryable,
  consultId: string,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM visits WHERE consult_id = $1 ORDER BY created_at, id`,
    [consultId],
  );
  return rows.map((r) => r.id);
}

/** The visit a call belongs to (null: a consult's own call). */
export async function visitIdOfCall(
  db: Queryable,
  callId: string,
): Promise<string | null> {
  const { rows } = await db.query<{ visitId: string | null }>(
    `SELECT visit_id AS "visitId" FROM calls WHERE id = $1`,
    [callId],
  );
  return rows[0]?.visitId ?? null;
}

/** The psychiatrist's confirmation of the visit's billing facts (append-only: newest wins). */
export async function insertAttestation(
  db: Queryable,
  a: {
    visitId: string;
    patientLocation: PatientLocation;
    service: VisitService;
    interactiveComplexity: readonly InteractiveComplexityFactor[];
    recordedBy: string;
    recordedAt: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO visit_billing_attestations (visit_id, patient_location, service, interactive_complexity, recorded_by, recorded_at)
     VALUES ($1, $2, $3, $4::text[], $5, $6)`,
    [
      a.visitId,
      a.patientLocation,
      a.service,
      [...a.interactiveComplexity],
      a.recordedBy,
      a.recordedAt,
    ],
  );
}
