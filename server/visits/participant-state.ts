import { IllegalTransitionError } from '../errors';
import type { VisitParticipantState as ParticipantState } from '../../signaling/protocol/statuses';

/**
 * One invitee's path through a visit, in one table:
 *   invited ─exchange─▶ checking_in ─enter waiting room─▶ waiting ─admit─▶ admitted
 * and from anywhere not final, `remove`. An admitted person who reconnects stays
 * admitted; a clinician can send them back to the waiting room.
 */
export {
  VISIT_PARTICIPANT_STATES as PARTICIPANT_STATES,
  type VisitParticipantState as ParticipantState,
} from '../../signaling/protocol/statuses';

export type ParticipantAction =
  | 'exchange'
  | 'enter_waiting_room'
  | 'admit'
  | 'return_to_waiting'
  | 'remove';

const TRANSITIONS: Record<
  ParticipantState,
  Partial<Record<ParticipantAction, ParticipantState>>
> = {
  invited: { exchange: 'checking_in', remove: 'removed' },
  // A person may open a fresh link on another phone: exchange again keeps them where they are.
  checking_in: {
    exchange: 'checking_in',
    enter_waiting_room: 'waiting',
    remove: 'removed',
  },
  waiting: {
    exchange: 'waiting',
    enter_waiting_room: 'waiting',
    admit: 'admitted',
    remove: 'removed',
  },
  admitted: {
    exchange: 'admitted',
    enter_waiting_room: 'admitted',
    return_to_waiting: 'waiting',
    remove: 'removed',
  },
  removed: {},
};

export function nextParticipantState(
  from: ParticipantState,
  action: ParticipantAction,
): ParticipantState {
  const to = TRANSITIONS[from][action];
  if (!to) throw new IllegalTransitionError('visit participant', from, action);
  return to;
}

/** Facts the admission rule needs, loaded by the service. */
export interface AdmissionFacts {
  role: 'patient' | 'guardian' | 'interpreter';
  state: ParticipantState;
  identityConfirmed: boolean;
  /** Consent kinds this participant has given. */
  consents: readonly string[];
  /** The patient is under 18 on the day of the visit. */
  patientIsMinor: boolean;
  /** A guardian (any participant) has consented for the minor in this visit. */
  guardianConsentInVisit: boolean;
}

export type AdmissionBlocker =
  | 'not_waiting'
  | 'identity_not_confirmed'
  | 'telehealth_consent_missing'
  | 'guardian_consent_missing'
  | 'interpreter_confidentiality_missing';

/** Consent each role gives for themself before they may wait (and be admitted). */
export function requiredOwnConsents(
  role: AdmissionFacts['role'],
  patientIsMinor: boolean,
): string[] {
  switch (role) {
    case 'patient':
      return ['telehealth'];
    case 'guardian':
      return patientIsMinor
        ? ['telehealth', 'guardian_for_minor']
        : ['telehealth'];
    case 'interpreter':
      return ['interpreter_confidentiality'];
  }
}

/** What still stands between a person and the waiting room: identity and their own consents. */
export function checkInBlockers(
  f: Omit<AdmissionFacts, 'state'>,
): AdmissionBlocker[] {
  const out: AdmissionBlocker[] = [];
  if (!f.identityConfirmed) out.push('identity_not_confirmed');
  for (const kind of requiredOwnConsents(f.role, f.patientIsMinor)) {
    if (f.consents.includes(kind)) continue;
    out.push(
      kind === 'telehealth'
        ? 'telehealth_consent_missing'
        : kind === 'guardian_for_minor'
          ? 'guardian_consent_missing'
          : 'interpreter_confidentiality_missing',
    );
  }
  return out;
}

/** Why a clinician may not admit this person yet. Empty = may admit. */
export function admissionBlockers(f: AdmissionFacts): AdmissionBlocker[] {
  const out = checkInBlockers(f);
  if (f.state !== 'waiting') out.unshift('not_waiting');
  // A minor may wait, but is never admitted before a guardian consents (on the minor's link or a guardian's).
  if (f.role === 'patient' && f.patientIsMinor && !f.guardianConsentInVisit)
    out.push('guardian_consent_missing');
  return out;
}
