import type { ConsentKind } from '../../signaling/protocol/rest/consents';
import type { PayerRules } from './payer-rules';

/**
 * The coding engine's input: plain facts, already loaded. Instants are epoch
 * milliseconds or Dates; local dates are 'YYYY-MM-DD' in the program's zone.
 */

/** Who may answer a consult request (the queue's workers). */
export type ConsultantRole = 'psychiatrist' | 'bh_clinician';

/** Whose time an interval is. */
export const TIME_ROLES = ['consultant', 'requesting', 'care_manager'] as const;
export type TimeRole = (typeof TIME_ROLES)[number];

/** What the time was spent on; the "more than half is discussion" rule reads this. */
export const TIME_CLASSES = [
  'discussion',
  'data_review',
  'report_writing',
  'referral_prep',
  'care_management',
] as const;
export type TimeClass = (typeof TIME_CLASSES)[number];

/** Activities a clinician logs by hand (work off the call), each with its class. */
export const ACTIVITY_CLASS = {
  /** Consultant talking with the PCP outside a platform call (e.g. an ordinary phone line). */
  pcp_discussion: 'discussion',
  /** Requesting clinician talking with the consultant outside a platform call. */
  consultant_discussion: 'discussion',
  chart_review: 'data_review',
  report_writing: 'report_writing',
  referral_prep: 'referral_prep',
  care_management: 'care_management',
} as const satisfies Record<string, TimeClass>;
export type Activity = keyof typeof ACTIVITY_CLASS;
export const ACTIVITIES = Object.keys(ACTIVITY_CLASS) as Activity[];

/** One row of the append-only manual ledger. A correction supersedes an older row; `voids` makes the correction a removal. */
export interface LedgerEntryFact {
  id: string;
  clinicianId: string;
  role: TimeRole;
  activity: Activity;
  /** Start of the work; with `endedAt` an interval, with `minutes` only a duration that cannot be overlap-checked. */
  startedAt: number;
  endedAt: number | null;
  minutes: number | null;
  supersedes: string | null;
  voids: boolean;
  enteredAt: number;
}

export type CallEventType =
  | 'participant_joined'
  | 'media_connected'
  | 'participant_left'
  | 'participant_dropped'
  | 'participant_reconnected'
  | 'call_ended'
  | 'phone_call_started'
  | 'phone_call_ended';

/** A row of call_events (server time). */
export interface CallEventFact {
  id: number;
  callId: string;
  at: number;
  type: CallEventType;
  userId: string | null;
  participantId: string | null;
  participantRole: string | null;
}

// Consent kinds are part of the wire contract (the team records them over REST).
export {
  CONSENT_KINDS,
  type ConsentKind,
} from '../../signaling/protocol/rest/consents';

export interface ConsentFact {
  id: string;
  kind: ConsentKind;
  /** Null: a patient-level consent, not tied to one consult. */
  consultId: string | null;
  obtainedAt: number;
  costSharingNoticeGiven: boolean;
  withdrawnAt: number | null;
}

export const ENCOUNTER_KINDS = ['face_to_face', 'transfer_of_care'] as const;
export type EncounterKind = (typeof ENCOUNTER_KINDS)[number];

/** The patient's encounters with a clinician, stored as facts so the 14-day rules can be applied. */
export interface EncounterFact {
  id: string;
  clinicianId: string;
  kind: EncounterKind;
  date: string;
}

/** A current billing line of the same patient from elsewhere (other consults, other months). */
export interface PriorLineFact {
  lineKey: string;
  code: string;
  dateOfService: string;
  consultId: string | null;
  status: LineStatus;
}

export interface ClinicianFact {
  id: string;
  npi: string | null;
}

export interface ReportFact {
  id: string;
  signedAt: number | null;
  /** Whether a verbal discussion took place (the psychiatrist's attestation; a call also counts). */
  verbalDiscussion: boolean;
  directEvaluationAdvised: boolean;
}

export interface ConsultBillingFacts {
  consult: {
    id: string;
    programId: string;
    patientId: string;
    requestedBy: string;
    consultantId: string | null;
    /**
     * The answering clinician's role. Only a psychiatrist's time is
     * psychiatric consultant work (99446-99449, 99451); a behavioral
     * health clinician's (a warm handoff) never is.
     */
    consultantRole: ConsultantRole | null;
    requestedAt: number;
  };
  timeZone: string;
  payer: string;
  rules: PayerRules;
  clinicians: Record<string, ClinicianFact>;
  callEvents: CallEventFact[];
  ledger: LedgerEntryFact[];
  report: ReportFact | null;
  consents: ConsentFact[];
  encounters: EncounterFact[];
  priorLines: PriorLineFact[];
  now: number;
}

export const ENROLLMENT_KINDS = ['cocm', 'bhi'] as const;
export type EnrollmentKind = (typeof ENROLLMENT_KINDS)[number];

export interface EnrollmentFact {
  id: string;
  kind: EnrollmentKind;
  startDate: string;
  endDate: string | null;
  /** The treating practitioner who bills the month. */
  billingClinicianId: string;
}

/** One patient, one calendar month of collaborative care / BHI. */
export interface PatientMonthFacts {
  programId: string;
  patientId: string;
  month: string;
  timeZone: string;
  payer: string;
  rules: PayerRules;
  clinicians: Record<string, ClinicianFact>;
  enrollments: EnrollmentFact[];
  /** The patient's care-management ledger rows (any month: the engine clips to this one). */
  ledger: LedgerEntryFact[];
  consents: ConsentFact[];
  priorLines: PriorLineFact[];
  now: number;
}

export type LineStatus = 'ready' | 'held' | 'blocked' | 'void';

/** Why: which minutes counted, which rule allowed or blocked. */
export interface Reason {
  rule: string;
  outcome: 'counted' | 'allowed' | 'held' | 'blocked' | 'info';
  message: string;
  data?: Record<string, unknown>;
}

/** The engine's output for one billable (or blocked/held) line. */
export interface LineDraft {
  /** Stable identity across recomputations: a change makes a new version of the same key. */
  lineKey: string;
  programId: string;
  patientId: string;
  consultId: string | null;
  code: string;
  units: number;
  billingClinicianId: string;
  billingClinicianNpi: string | null;
  dateOfService: string;
  placeOfService: string;
  modifiers: string[];
  minutes: number;
  status: Exclude<LineStatus, 'void'>;
  reasons: Reason[];
  consentId: string | null;
  payer: string;
  feeCents: number | null;
}

export interface CodingResult {
  lines: LineDraft[];
  /** Findings that produced no line (e.g. under 5 minutes), so "why nothing" is answered too. */
  notes: Reason[];
}
