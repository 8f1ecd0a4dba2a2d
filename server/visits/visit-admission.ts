import { conflict } from '../errors';
import {
  admissionBlockers,
  nextParticipantState,
  type ParticipantAction,
} from './participant-state';
import type { VisitView } from './visit';
import { managedParticipant, requireLive } from './visit-access';
import { type VisitActor, auditAs } from './visit-actor';
import {
  admissionFactsOf,
  patientIsMinor,
  publishVisitWith,
} from './visit-lobby';
import { findParticipant, setParticipantState } from './participant-repository';
import { findVisit, setVisitStatus } from './visit-repository';
import { listConsents } from './visit-consent-repository';
import { revokeOpenInvites } from './invite-repository';
import { revokeVisitSessions } from './visit-session-repository';
import type { VisitServiceDeps, VisitWork } from './visit-service-deps';
import { nextVisitStatus } from './visit-status';

/**
 * The clinician moves someone between the waiting room and the call: admit
 * (refused, with the reasons, until identity and consents are done), back to
 * waiting, or removed for good (their links and visit token stop working).
 * Anyone who leaves the call side is pulled out of the running call.
 */
export async function moveParticipant(
  w: VisitWork,
  a: VisitActor,
  visitId: string,
  participantId: string,
  action: ParticipantAction,
  reason: string | null,
): Promise<VisitView> {
  const { visit: loaded, consult } = await managedParticipant(
    w,
    a,
    visitId,
    participantId,
    `visit.${action}`,
  );
  requireLive(loaded);
  const now = w.clock.now();
  const minor = patientIsMinor(consult.patient.birthDate, now);
  const visit = await w.db.transaction(async (tx) => {
    const v = (await findVisit(tx, visitId, true))!;
    const p = (await findParticipant(tx, participantId, true))!;
    const to = nextParticipantState(p.state, action);
    if (action === 'admit') {
      const blockers = admissionBlockers(
        admissionFactsOf(p, await listConsents(tx, visitId), minor),
      );
      if (blockers.length)
        throw conflict(
          'not_ready_for_admission',
          'This person has not finished checking in yet.',
          { blockers },
        );
      const status = nextVisitStatus(v.status, 'admit_first');
      if (status !== v.status)
        await setVisitStatus(tx, visitId, status, now, null);
    }
    await setParticipantState(
      tx,
      participantId,
      to,
      now,
      action === 'remove' ? reason : null,
    );
    if (action === 'remove') {
      await revokeOpenInvites(tx, participantId, now);
      await revokeVisitSessions(tx, participantId, now);
    }
    await auditAs(
      w.audit,
      a,
      {
        action: `visit.${action}`,
        patientId: v.patientId,
        resourceType: 'visit',
        resourceId: visitId,
        details: {
          participantId,
          role: p.role,
          ...(reason ? { reason } : {}),
        },
      },
      tx,
    );
    return (await findVisit(tx, visitId))!;
  });
  if (action !== 'admit') await pullFromCall(w, visitId, participantId);
  return publishVisitWith(w, visit, consult.patient.birthDate, now);
}

/** Removed or back to the waiting room: out of the visit's running call, if they are in it. */
async function pullFromCall(
  deps: Pick<VisitServiceDeps, 'db' | 'calls' | 'logger'>,
  visitId: string,
  participantId: string,
): Promise<void> {
  const { rows } = await deps.db.query<{ id: string }>(
    `SELECT c.id FROM calls c JOIN call_participants cp ON cp.call_id = c.id
      WHERE c.visit_id = $1 AND c.status = 'open' AND cp.participant_id = $2 AND cp.state <> 'left'`,
    [visitId, participantId],
  );
  for (const r of rows)
    await deps.calls
      .removeParticipant(r.id, participantId)
      .catch((err) =>
        deps.logger.warn(
          { err, visitId },
          'could not remove visitor from call',
        ),
      );
}
