import type { VisitView } from './visit';
import { managedVisit } from './visit-access';
import { type VisitActor, auditAs } from './visit-actor';
import { publishVisitWith } from './visit-lobby';
import { findVisit, setVisitStatus } from './visit-repository';
import { revokeOpenInvites } from './invite-repository';
import { revokeVisitSessions } from './visit-session-repository';
import type { VisitServiceDeps, VisitWork } from './visit-service-deps';
import { nextVisitStatus } from './visit-status';

/**
 * Ends the visit (or cancels one that never started): every link and visit
 * token stops working, and the visit's call ends for everyone in it.
 */
export async function endVisit(
  w: VisitWork,
  a: VisitActor,
  visitId: string,
): Promise<VisitView> {
  const { visit: loaded, consult } = await managedVisit(
    w,
    a,
    visitId,
    'visit.end',
  );
  const now = w.clock.now();
  const visit = await w.db.transaction(async (tx) => {
    const v = (await findVisit(tx, visitId, true))!;
    const status = nextVisitStatus(
      v.status,
      v.status === 'scheduled' ? 'cancel' : 'end',
    );
    await setVisitStatus(tx, visitId, status, now, a.user.userId);
    const { rows } = await tx.query<{ id: string }>(
      `SELECT id FROM visit_participants WHERE visit_id = $1`,
      [visitId],
    );
    for (const r of rows) {
      await revokeOpenInvites(tx, r.id, now);
      await revokeVisitSessions(tx, r.id, now);
    }
    await auditAs(
      w.audit,
      a,
      {
        action: 'visit.end',
        patientId: v.patientId,
        resourceType: 'visit',
        resourceId: visitId,
        details: { status },
      },
      tx,
    );
    return (await findVisit(tx, visitId))!;
  });
  await endCall(w, a, loaded.id);
  return publishVisitWith(w, visit, consult.patient.birthDate, now);
}

/** The visit is over: so is its call, for everyone in it. */
async function endCall(
  deps: Pick<VisitServiceDeps, 'db' | 'calls' | 'logger'>,
  a: VisitActor,
  visitId: string,
): Promise<void> {
  const { rows } = await deps.db.query<{ id: string }>(
    `SELECT id FROM calls WHERE visit_id = $1 AND status = 'open'`,
    [visitId],
  );
  for (const r of rows) {
    await deps.calls
      .end(
        r.id,
        {
          participantId: a.user.userId,
          userId: a.user.userId,
          role: a.user.role,
        },
        'ended_by_clinician',
      )
      .catch((err) =>
        deps.logger.warn({ err, visitId }, 'could not end the visit call'),
      );
  }
}
