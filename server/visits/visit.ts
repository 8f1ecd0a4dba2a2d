import { CALL_ENDED_STATUSES } from '../telephony/twilio-events';
import type { VisitorRole } from '../../signaling/socket-identity';
import type { ConsentKind, VisitLanguage } from './consent-texts';
import type { ParticipantState } from './participant-state';
import type { VisitStatus } from './visit-status';

/** A virtual visit of a consult: the psychiatrist's direct evaluation, with family, interpreter, PCP. */
export interface Visit {
  id: string;
  consultId: string;
  programId: string;
  patientId: string;
  createdBy: string;
  scheduledAt: Date;
  status: VisitStatus;
  phoneCode: string;
  conferenceName: string;
  createdAt: Date;
  endedAt: Date | null;
}

export interface Participant {
  id: string;
  visitId: string;
  role: VisitorRole;
  displayName: string;
  language: VisitLanguage;
  state: ParticipantState;
  stateChangedAt: Date;
  removedReason: string | null;
  phoneE164: string | null;
  smsConsentAt: Date | null;
  identityConfirmedAt: Date | null;
  identityFailures: number;
  confirmedName: string | null;
  relationship: string | null;
  audioOnly: boolean;
  createdAt: Date;
}

// A visit's wire shapes live in the wire contract.
export {
  e164,
  inviteViewSchema,
  newParticipantSchema,
  newVisitSchema,
  participantViewSchema,
  phoneLegViewSchema,
  visitViewSchema,
  type ParticipantView,
  type PhoneLegView,
  type VisitView,
} from '../../signaling/protocol/rest/visits';

/** Twilio statuses after which a phone leg is off the line (call ended, or left the conference). */
export const PHONE_LEG_GONE: ReadonlySet<string> = new Set([
  ...CALL_ENDED_STATUSES,
  'conference_leave',
]);

export interface ConsentRecord {
  participantId: string;
  kind: ConsentKind;
}
