import { z } from 'zod';
import { recomputeVisit } from '../billing/billing-recompute';
import { INTERACTIVE_COMPLEXITY_FACTORS } from '../billing/telehealth-payer-rules';
import { PATIENT_LOCATIONS, VISIT_SERVICES } from '../billing/visit-facts';
import {
  insertAttestation,
  latestAttestation,
} from '../billing/visit-facts-repository';
import { conflict, forbidden } from '../errors';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import type { Visitor } from '../../signaling/socket-identity';
import type { VisitorOrigin } from './visit-check-in';
import { findParticipant, updateParticipant } from './participant-repository';
import { findVisit } from './visit-repository';
import type { VisitActor as Actor, VisitService } from './visit-service';
import { isVisitLive } from './visit-status';

/**
 * The two bits a visit's telehealth line needs from people: the patient's
 * answer at check-in ("Are you at home right now?") and the psychiatrist's
 * confirmation (location, service given, interactive complexity). The line
 * itself is coded by server/billing (codeVisit).
 */

/** Only what these two need (not the whole service bag). */
export interface AttestationDeps {
  db: Database;
  clock: Clock;
  audit: AuditLog;
}
export const locationAnswerSchema = z.object({
  location: z.enum(PATIENT_LOCATIONS),
});

export const attestationSchema = z.object({
  patientLocation: z.enum(PATIENT_LOCATIONS),
  service: z.enum(VISIT_SERVICES),
  interactiveComplexity: z
    .array(z.enum(INTERACTIVE_COMPLEXITY_FACTORS))
    .max(INTERACTIVE_COMPLEXITY_FACTORS.length)
    .default([]),
});
export type AttestationInput = z.infer<typeof attestationSchema>;

export const attestationViewSchema = attestationSchema.extend({
  recordedAt: z.string(),
});

/** A visitor says where the patient is; stored on their own row only. */
export async function reportLocation(
  deps: AttestationDeps,
  v: Visitor,
  location: z.infer<typeof locationAnswerSchema>['location'],
  o: VisitorOrigin,
): Promise<{ location: string }> {
  const visit = await findVisit(deps.db, v.visitId);
  const participant = await findParticipant(deps.db, v.participantId);
  if (!visit || !participant || participant.state === 'removed')
    throw forbidden('You are no longer in this visit.', 'participant_removed');
  if (!isVisitLive(visit.status))
    throw conflict('visit_over', 'This visit has ended.');
  await deps.db.transaction(async (tx) => {
    await updateParticipant(tx, participant.id, {
      reportedLocation: location,
    });
    await deps.audit.record(
      {
        action: 'visit.location_reported',
        actorLabel: 'patient-visit',
        patientId: visit.patientId,
        resourceType: 'visit',
        resourceId: visit.id,
        requestId: o.requestId,
        clientIp: o.clientIp,
        details: { participantId: participant.id, location },
      },
      tx,
    );
  });
  return { location };
}

/** The assigned psychiatrist confirms the visit's billing facts; the line is recomputed. */
export async function recordAttestation(
  deps: AttestationDeps,
  visits: VisitService,
  a: Actor,
  visitId: string,
  body: AttestationInput,
): Promise<z.infer<typeof attestationViewSchema>> {
  const { visit, consult } = await visits.managedVisit(
    a,
    visitId,
    'visit.billing_attestation',
  );
  if (consult.assignedPsychiatristId !== a.user.userId)
    throw forbidden(
      'Only the psychiatrist who gives the service confirms its billing facts.',
      'forbidden_visit',
    );
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await insertAttestation(tx, {
      visitId,
      ...body,
      recordedBy: a.user.userId,
      recordedAt: now,
    });
    await deps.audit.record(
      {
        action: 'visit.billing_attestation',
        userId: a.user.userId,
        role: a.user.role,
        patientId: visit.patientId,
        resourceType: 'visit',
        resourceId: visitId,
        requestId: a.requestId,
        clientIp: a.clientIp,
        details: body,
      },
      tx,
    );
  });
  await recomputeVisit(deps, visitId);
  const saved = (await latestAttestation(deps.db, visitId))!;
  return {
    patientLocation: saved.patientLocation!,
    service: saved.service!,
    interactiveComplexity: saved.interactiveComplexity,
    recordedAt: new Date(saved.recordedAt).toISOString(),
  };
}
