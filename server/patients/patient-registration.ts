import type { AuditLog } from '../audit/audit-log';
import type { RequestOrigin } from '../care/care-reader';
import type { Principal } from '../auth/roles';
import type { Database } from '../db/database';
import type { NewPatient, Patient } from './patient';
import { findPatient, insertPatient } from './patient-repository';

/** A PCP registers a patient in their own practice; the row and its audit row commit together. */
export async function registerPatient(
  deps: { db: Database; audit: AuditLog },
  pcp: Principal,
  origin: RequestOrigin,
  body: NewPatient,
): Promise<Patient> {
  const id = await deps.db.transaction(async (tx) => {
    const newId = await insertPatient(tx, pcp.practiceId!, body, pcp.userId);
    await deps.audit.record(
      {
        action: 'patient.create',
        userId: pcp.userId,
        role: pcp.role,
        patientId: newId,
        resourceType: 'patient',
        resourceId: newId,
        requestId: origin.requestId,
        clientIp: origin.clientIp,
      },
      tx,
    );
    return newId;
  });
  return (await findPatient(deps.db, id))!;
}
