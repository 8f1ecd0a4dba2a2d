import type { Visitor } from '../../signaling/socket-identity';
import { conflict } from '../errors';
import { checkInBlockers, nextParticipantState } from './participant-state';
import {
  auditVisitor,
  type CheckInWork,
  type VisitorOrigin,
} from './visit-check-in-deps';
import { admissionFactsOf, type OwnVisitState } from './visit-lobby';
import {
  setParticipantState,
  updateParticipant,
} from './participant-repository';
import { isVisitLive } from './visit-status';
import { loadOwnVisit, republishVisit } from './visitor-own-visit';

/** Into the waiting room, once identity and the person's own consents are done. */
export async function enterWaitingRoom(
  w: CheckInWork,
  v: Visitor,
  audioOnly: boolean,
  o: VisitorOrigin,
): Promise<OwnVisitState> {
  const now = w.clock.now();
  const visit = await w.db.transaction(async (tx) => {
    const { participant, visit, consents, minor } = await loadOwnVisit(
      w,
      v.visitId,
      v.participantId,
      tx,
    );
    if (!isVisitLive(visit.status))
      throw conflict('visit_over', 'This visit has ended.');
    const blockers = checkInBlockers(
      admissionFactsOf(participant, consents, minor),
    );
    if (blockers.length)
      throw conflict(
        'check_in_incomplete',
        'Please finish the steps before the waiting room.',
        { blockers },
      );
    await setParticipantState(
      tx,
      participant.id,
      nextParticipantState(participant.state, 'enter_waiting_room'),
      now,
    );
    await updateParticipant(tx, participant.id, { audioOnly });
    await auditVisitor(
      w.audit,
      {
        visitId: visit.id,
        participantId: participant.id,
        patientId: visit.patientId,
      },
      o,
      { action: 'visit.enter_waiting_room', details: { audioOnly } },
      tx,
    );
    return visit;
  });
  await republishVisit(w, visit);
  return (await loadOwnVisit(w, v.visitId, v.participantId)).state;
}
