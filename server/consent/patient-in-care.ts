import { z } from 'zod';
import { canAccessPatient } from '../auth/access-policy';
import { forbidden, notFound } from '../errors';
import type { HandlerContext } from '../http/route';
import type { Patient } from '../patients/patient';
import { findPatient, patientFactsFor } from '../patients/patient-repository';
import type { Database } from '../db/database';

/** What the patient access check reads. */
export interface PatientInCareDeps {
  db: Database;
}

/**
 * Loads a patient the caller may act on, or refuses (the refusal is audited
 * here). The allowed access is audited by the caller, inside the transaction
 * of its write or with ctx.audit for a read, so the row names what was done.
 */
export async function patientInCare(
  s: PatientInCareDeps,
  ctx: HandlerContext<unknown, unknown>,
  patientId: string,
  action: string,
): Promise<Patient> {
  const patient = z.uuid().safeParse(patientId).success
    ? await findPatient(s.db, patientId)
    : null;
  if (!patient) throw notFound('The patient');
  const decision = canAccessPatient(
    ctx.user,
    await patientFactsFor(
      s.db,
      patient,
      ctx.user.role === 'psychiatrist' ? ctx.user.userId : null,
    ),
  );
  if (!decision.allowed) {
    await ctx.audit({
      action,
      outcome: 'denied',
      patientId: patient.id,
      resourceType: 'patient',
      resourceId: patient.id,
      details: { reason: decision.reason },
    });
    throw forbidden('This patient is not in your care.', 'forbidden_patient');
  }
  return patient;
}

/** The audit fields of the signed-in caller, for `services.audit.record(entry, tx)` inside a write. */
export function auditActor(ctx: HandlerContext<unknown, unknown>) {
  return {
    userId: ctx.user.userId,
    role: ctx.user.role,
    requestId: ctx.requestId,
    clientIp: ctx.clientIp,
  };
}
