import type { CallEventFact } from '../../server/billing/billing-facts';
import { rulesFor } from '../../server/billing/payer-rules';
import type {
  VisitFacts,
  VisitParticipantFact,
} from '../../server/billing/visit-facts';
import { MIN, TZ } from './billing-facts';

/** Builders for codeVisit's pure input: a visit whose legs read as a timeline in minutes. */
export const PSYCH = 'psych-1';
export const PATIENT = 'participant-patient';
export const GUARDIAN = 'participant-guardian';
export const INTERPRETER = 'participant-interpreter';
export const CALL = 'call-visit-1';
/** 10:00 Eastern (EDT) on Monday 2025-05-12. */
export const VISIT_START = Date.parse('2025-05-12T14:00:00Z');
export const VISIT_DATE = '2025-05-12';

let seq = 0;
const at = (minute: number) => VISIT_START + minute * MIN;

function ev(
  minute: number,
  type: CallEventFact['type'],
  who: { participantId: string | null; userId: string | null; role: string },
  callId = CALL,
): CallEventFact {
  return {
    id: ++seq,
    callId,
    at: at(minute),
    type,
    userId: who.userId,
    participantId: who.participantId,
    participantRole: who.role,
  };
}

/** An invitee on the web call from one minute to another. */
export function web(
  participantId: string,
  role: 'patient' | 'guardian' | 'interpreter',
  from: number,
  to: number,
): CallEventFact[] {
  const who = { participantId, userId: null, role };
  return [ev(from, 'participant_joined', who), ev(to, 'participant_left', who)];
}

/** The psychiatrist on the web call. */
export function psychWeb(from: number, to: number): CallEventFact[] {
  const who = { participantId: PSYCH, userId: PSYCH, role: 'psychiatrist' };
  return [ev(from, 'participant_joined', who), ev(to, 'participant_left', who)];
}

/** A phone leg as the phone ledger writes it: keyed by the invitee's id, or the CallSid. */
export function phone(key: string, from: number, to: number): CallEventFact[] {
  const who = { participantId: key, userId: null, role: 'phone' };
  return [ev(from, 'phone_call_started', who), ev(to, 'phone_call_ended', who)];
}

export const callEnded = (minute: number): CallEventFact =>
  ev(minute, 'call_ended', {
    participantId: PSYCH,
    userId: PSYCH,
    role: 'psychiatrist',
  });

export const participant = (
  id: string,
  role: VisitParticipantFact['role'],
  o: Partial<VisitParticipantFact> = {},
): VisitParticipantFact => ({
  id,
  role,
  audioOnly: false,
  reportedLocation: null,
  ...o,
});

/**
 * A 30-minute ended visit, psychiatrist and patient both on video, the
 * patient confirmed at home, an E/M service, default payer, a new patient,
 * telehealth consent agreed by the patient at check-in.
 */
export function visitFacts(o: Partial<VisitFacts> = {}): VisitFacts {
  const payer = o.payer ?? 'default';
  return {
    visit: {
      id: 'visit-1',
      consultId: 'consult-1',
      programId: 'program-1',
      patientId: 'patient-1',
      status: 'ended',
      billingClinicianId: PSYCH,
    },
    timeZone: TZ,
    payer,
    rules: rulesFor(payer),
    clinicians: { [PSYCH]: { id: PSYCH, npi: '1234567893' } },
    participants: [participant(PATIENT, 'patient')],
    callEvents: [...psychWeb(0, 30), ...web(PATIENT, 'patient', 0, 30)],
    phoneLegs: [],
    attestation: {
      patientLocation: 'home',
      service: 'evaluation_management',
      interactiveComplexity: [],
      recordedBy: PSYCH,
      recordedAt: at(40),
    },
    priorServices: [],
    consents: [],
    visitConsents: [
      { id: 'vc-1', signerRole: 'patient', agreedAt: VISIT_START - 5 * MIN },
    ],
    priorLines: [],
    now: at(60),
    ...o,
  };
}

/** Both on video for exactly `ms` milliseconds. */
export function together(ms: number): CallEventFact[] {
  return [...psychWeb(0, ms / MIN), ...web(PATIENT, 'patient', 0, ms / MIN)];
}
