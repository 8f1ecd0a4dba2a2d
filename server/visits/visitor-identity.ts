import type { Visitor } from '../../signaling/socket-identity';
import { AppError, badRequest } from '../errors';
import {
  claimedName,
  type IdentityClaim,
  identityMatches,
  MAX_IDENTITY_FAILURES,
} from './identity-check';
import {
  auditVisitor,
  type CheckInWork,
  type VisitorOrigin,
} from './visit-check-in-deps';
import type { OwnVisitState } from './visit-lobby';
import {
  releaseIdentityAttempt,
  reserveIdentityAttempt,
} from './visitor-device-repository';
import { revokeOpenInvites } from './invite-repository';
import { revokeVisitSessions } from './visit-session-repository';
import {
  setParticipantState,
  updateParticipant,
} from './participant-repository';
import {
  loadOwnVisit,
  republishVisit,
  requireCheckingIn,
} from './visitor-own-visit';

/**
 * The visitor says who they are (name and the patient's date of birth). A few
 * wrong answers remove them from the visit and cancel their links.
 */
export async function confirmIdentity(
  w: CheckInWork,
  v: Visitor,
  claim: IdentityClaim,
  o: VisitorOrigin,
): Promise<OwnVisitState> {
  const { participant, consult, visit } = await loadOwnVisit(
    w,
    v.visitId,
    v.participantId,
  );
  const who = {
    visitId: visit.id,
    participantId: participant.id,
    patientId: visit.patientId,
  };
  requireCheckingIn(participant);
  if (claim.role !== participant.role)
    throw badRequest(
      'validation_failed',
      `Please check the form. role: must be "${participant.role}".`,
      [{ field: 'role', message: `must be ${participant.role}` }],
    );
  // One conditional statement reserves this check: concurrent guesses cannot all be compared.
  const failures = await reserveIdentityAttempt(
    w.db,
    participant.id,
    MAX_IDENTITY_FAILURES,
  );
  if (failures === null)
    throw new AppError(
      'forbidden',
      'identity_check_locked',
      'We could not confirm who you are. Please call your clinic; they can send you a new link.',
    );
  if (!identityMatches(claim, consult.patient)) {
    await w.db.transaction(async (tx) => {
      if (failures >= MAX_IDENTITY_FAILURES) {
        await setParticipantState(
          tx,
          participant.id,
          'removed',
          w.clock.now(),
          'identity_check_failed',
        );
        await revokeVisitSessions(tx, participant.id, w.clock.now());
        await revokeOpenInvites(tx, participant.id, w.clock.now());
      }
      await auditVisitor(
        w.audit,
        who,
        o,
        {
          action: 'visit.identity_check',
          outcome: 'denied',
          details: { failures },
        },
        tx,
      );
    });
    await republishVisit(w, visit);
    if (failures >= MAX_IDENTITY_FAILURES)
      throw new AppError(
        'forbidden',
        'identity_check_locked',
        'We could not confirm who you are. Please call your clinic; they can send you a new link.',
      );
    throw new AppError(
      'unprocessable',
      'identity_mismatch',
      'That does not match our records. Check the spelling and the date of birth and try again.',
      { attemptsLeft: MAX_IDENTITY_FAILURES - failures },
    );
  }
  await w.db.transaction(async (tx) => {
    await releaseIdentityAttempt(tx, participant.id);
    await updateParticipant(tx, participant.id, {
      identityConfirmedAt: w.clock.now(),
      confirmedName: claimedName(claim),
      relationship: claim.role === 'guardian' ? claim.relationship : null,
    });
    await auditVisitor(w.audit, who, o, { action: 'visit.identity_check' }, tx);
  });
  await republishVisit(w, visit);
  return (await loadOwnVisit(w, v.visitId, v.participantId)).state;
}
