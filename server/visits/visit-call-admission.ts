import type {
  AdmissionCall,
  AdmissionDecision,
  CallAdmission,
} from '../calls/call-admission';
import type { Database } from '../db/database';
import type { Visitor } from '../../signaling/socket-identity';
import { findParticipant } from './participant-repository';
import { findVisit } from './visit-repository';
import { isVisitLive } from './visit-status';

const ROLE_LABEL = {
  patient: 'patient',
  guardian: 'parent/guardian',
  interpreter: 'interpreter',
} as const;

/**
 * The waiting room's answer to the calls module: a visitor is in the call
 * only once a clinician admitted them, only into their own visit's call, and
 * only while the visit is live. Asked on every `call:join`.
 */
export class WaitingRoomAdmission implements CallAdmission {
  constructor(private readonly db: Database) {}

  async canJoin(
    visitor: Visitor,
    call: AdmissionCall,
  ): Promise<AdmissionDecision> {
    if (call.visitId !== visitor.visitId)
      return { admitted: false, reason: 'not_this_visit' };
    const [visit, p] = await Promise.all([
      findVisit(this.db, visitor.visitId),
      findParticipant(this.db, visitor.participantId),
    ]);
    if (!visit || !p || p.visitId !== visit.id)
      return { admitted: false, reason: 'not_this_visit' };
    if (!isVisitLive(visit.status))
      return { admitted: false, reason: 'visit_over' };
    if (p.state === 'removed') return { admitted: false, reason: 'removed' };
    if (p.state !== 'admitted')
      return { admitted: false, reason: 'waiting_room' };
    const name =
      (p.confirmedName ?? p.displayName).split(/\s+/)[0] ?? p.displayName;
    return { admitted: true, displayName: `${name} (${ROLE_LABEL[p.role]})` };
  }
}
