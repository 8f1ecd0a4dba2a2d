import type { AuditLog } from '../audit/audit-log';
import { enforce } from '../auth/access-gate';
import type { Database } from '../db/database';
import { conflict, notFound } from '../errors';
import type { Participant, Visit } from './visit';
import { type VisitActor, auditAs } from './visit-actor';
import { findVisitConsult, type VisitConsult } from './visit-consult';
import { findParticipant } from './participant-repository';
import { findVisit } from './visit-repository';
import { isVisitLive } from './visit-status';

/** What loading a visit on someone's behalf needs. */
export interface VisitAccessDeps {
  db: Database;
  audit: AuditLog;
}

/** Loads the consult and applies the access policy; refusals are audited. */
export async function managedConsult(
  deps: VisitAccessDeps,
  a: VisitActor,
  consultId: string,
  action: string,
): Promise<VisitConsult> {
  const consult = await findVisitConsult(deps.db, consultId);
  if (!consult) throw notFound('The consult');
  await enforce(
    'visit',
    a.user,
    consult,
    {
      action,
      patientId: consult.patientId,
      resourceType: 'consult',
      resourceId: consultId,
    },
    (e) => auditAs(deps.audit, a, e),
  );
  return consult;
}

export async function managedVisit(
  deps: VisitAccessDeps,
  a: VisitActor,
  visitId: string,
  action: string,
): Promise<{ visit: Visit; consult: VisitConsult }> {
  const visit = await findVisit(deps.db, visitId);
  if (!visit) throw notFound('The visit');
  const consult = await managedConsult(deps, a, visit.consultId, action);
  return { visit, consult };
}

export async function managedParticipant(
  deps: VisitAccessDeps,
  a: VisitActor,
  visitId: string,
  participantId: string,
  action: string,
): Promise<{
  visit: Visit;
  consult: VisitConsult;
  participant: Participant;
}> {
  const { visit, consult } = await managedVisit(deps, a, visitId, action);
  const participant = await findParticipant(deps.db, participantId);
  if (!participant || participant.visitId !== visit.id)
    throw notFound('The participant');
  return { visit, consult, participant };
}

export function requireLive(v: Visit): void {
  if (!isVisitLive(v.status))
    throw conflict('visit_over', 'This visit has ended.');
}
