import type {
  CallEventFact,
  ClinicianFact,
  ConsentFact,
  PriorLineFact,
} from './billing-facts';
import type { PayerRules } from './payer-rules';
import type { InteractiveComplexityFactor } from './telehealth-payer-rules';

/**
 * The input of `codeVisit`: one virtual visit (the psychiatrist's direct
 * evaluation), already loaded. Instants are epoch milliseconds (server
 * time); dates are 'YYYY-MM-DD' in the program's zone. See
 * docs/billing-visits.md.
 */

export const VISIT_SERVICES = [
  /** Psychiatric diagnostic evaluation (90791). */
  'diagnostic_evaluation',
  /** Psychiatric diagnostic evaluation with medical services (90792). */
  'diagnostic_evaluation_medical',
  /** Time-based evaluation and management (office or telemedicine family). */
  'evaluation_management',
] as const;
export type VisitService = (typeof VISIT_SERVICES)[number];

export const PATIENT_LOCATIONS = ['home', 'elsewhere'] as const;
export type PatientLocation = (typeof PATIENT_LOCATIONS)[number];

/** An invitee of the visit (no account): whose legs are whose. */
export interface VisitParticipantFact {
  id: string;
  role: 'patient' | 'guardian' | 'interpreter';
  /** Joined the web call with audio only (chosen before the waiting room). */
  audioOnly: boolean;
  /** Where the patient said they are, at check-in (null: not asked or not answered). */
  reportedLocation: PatientLocation | null;
}

/**
 * A phone leg of the visit (a row of visit_phone_legs). Its time is in the
 * call events (`phone_call_started`/`phone_call_ended`), whose participantId
 * is the invitee's id, or the CallSid when the leg has no invitee.
 */
export interface PhoneLegFact {
  callSid: string;
  direction: 'dial_in' | 'dial_out';
  /** The invitee rung by a dial-out; null for a dial-in caller or a clinician's own phone. */
  participantId: string | null;
  /** The clinician whose own phone was rung ("Call my phone"). */
  staffUserId: string | null;
}

/** The clinician's confirmation of the visit's billing facts (newest wins). */
export interface VisitAttestationFact {
  /** Confirmed location of the patient during the visit. */
  patientLocation: PatientLocation | null;
  service: VisitService | null;
  /** Documented interactive-complexity factors (empty: none). */
  interactiveComplexity: InteractiveComplexityFactor[];
  recordedBy: string;
  recordedAt: number;
}

/** A professional service the patient had from a clinician before (new vs established). */
export interface PriorServiceFact {
  kind: 'visit' | 'encounter';
  id: string;
  clinicianId: string;
  date: string;
}

/** Telehealth consent agreed on the patient page for this visit (visit_consents). */
export interface VisitConsentFact {
  id: string;
  signerRole: 'patient' | 'guardian' | 'interpreter';
  agreedAt: number;
}

export interface VisitFacts {
  visit: {
    id: string;
    consultId: string;
    programId: string;
    patientId: string;
    status: 'scheduled' | 'in_progress' | 'ended' | 'cancelled';
    /** The consult's assigned psychiatrist: the clinician who bills the visit. */
    billingClinicianId: string | null;
  };
  timeZone: string;
  payer: string;
  rules: PayerRules;
  clinicians: Record<string, ClinicianFact>;
  participants: VisitParticipantFact[];
  /** The events of the visit's own calls (web legs and phone legs). */
  callEvents: CallEventFact[];
  phoneLegs: PhoneLegFact[];
  attestation: VisitAttestationFact | null;
  priorServices: PriorServiceFact[];
  /** The patient's documented consents (patient_consents). */
  consents: ConsentFact[];
  visitConsents: VisitConsentFact[];
  priorLines: PriorLineFact[];
  now: number;
}
