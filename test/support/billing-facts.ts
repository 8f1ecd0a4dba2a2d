import type {
  Activity,
  CallEventFact,
  ConsentFact,
  ConsultBillingFacts,
  EncounterFact,
  LedgerEntryFact,
  PatientMonthFacts,
  PriorLineFact,
  TimeRole,
} from '../../server/billing/billing-facts';
import { localMidnight } from '../../server/billing/calendar-days';
import { rulesFor } from '../../server/billing/payer-rules';

/** Builders for the coding engine's pure input, so table tests read as the rule they check. */
export const TZ = 'America/New_York';
export const MIN = 60_000;
export const DAY = 86_400_000;
export const CONSULTANT = 'psych-1';
export const PCP = 'pcp-1';
export const CARE_MANAGER = 'cm-1';
/** 10:00 Eastern (EDT) on Monday 2025-05-12. */
export const REQUESTED_AT = Date.parse('2025-05-12T14:00:00Z');
export const REQUEST_DATE = '2025-05-12';

let seq = 0;
const nextId = (p: string) => `${p}-${++seq}`;

/** A WebRTC call where the PCP and the consultant are both connected for `minutes`. */
export function call(
  minutes: number,
  startAt = REQUESTED_AT + 10 * MIN,
  callId = nextId('call'),
): CallEventFact[] {
  const end = startAt + minutes * MIN;
  const ev = (
    at: number,
    type: CallEventFact['type'],
    userId: string | null,
    role: string | null,
  ): CallEventFact => ({
    id: ++seq,
    callId,
    at,
    type,
    userId,
    participantId: userId,
    participantRole: role,
  });
  return [
    ev(startAt - 2 * MIN, 'participant_joined', PCP, 'pcp'),
    ev(startAt, 'participant_joined', CONSULTANT, 'psychiatrist'),
    ev(startAt + 1000, 'media_connected', CONSULTANT, 'psychiatrist'),
    ev(end, 'participant_left', CONSULTANT, 'psychiatrist'),
    ev(end + 1000, 'call_ended', null, null),
  ];
}

export function phoneCall(
  minutes: number,
  startAt = REQUESTED_AT + 10 * MIN,
  callId = nextId('phone'),
): CallEventFact[] {
  return [
    {
      id: ++seq,
      callId,
      at: startAt,
      type: 'phone_call_started',
      userId: null,
      participantId: 'PSTN',
      participantRole: 'phone',
    },
    {
      id: ++seq,
      callId,
      at: startAt + minutes * MIN,
      type: 'phone_call_ended',
      userId: null,
      participantId: 'PSTN',
      participantRole: 'phone',
    },
  ];
}

export function entry(
  role: TimeRole,
  activity: Activity,
  startAt: number,
  minutes: number,
  opts: Partial<LedgerEntryFact> & { anchored?: boolean } = {},
): LedgerEntryFact {
  const clinicianId =
    role === 'consultant'
      ? CONSULTANT
      : role === 'requesting'
        ? PCP
        : CARE_MANAGER;
  const anchored = opts.anchored ?? true;
  return {
    id: nextId('entry'),
    clinicianId,
    role,
    activity,
    startedAt: startAt,
    endedAt: anchored ? startAt + minutes * MIN : null,
    minutes: anchored ? null : minutes,
    supersedes: null,
    voids: false,
    enteredAt: startAt + minutes * MIN,
    ...opts,
  };
}

export function consent(
  obtainedAt = REQUESTED_AT - MIN,
  opts: Partial<ConsentFact> = {},
): ConsentFact {
  return {
    id: nextId('consent'),
    kind: 'interprofessional',
    consultId: 'consult-1',
    obtainedAt,
    costSharingNoticeGiven: true,
    withdrawnAt: null,
    ...opts,
  };
}

export function encounter(
  date: string,
  kind: EncounterFact['kind'] = 'face_to_face',
  clinicianId = CONSULTANT,
): EncounterFact {
  return { id: nextId('enc'), clinicianId, kind, date };
}

export function priorLine(
  code: string,
  dateOfService: string,
  opts: Partial<PriorLineFact> = {},
): PriorLineFact {
  return {
    lineKey: `ip:${nextId('other')}:consultant`,
    code,
    dateOfService,
    consultId: 'other',
    status: 'ready',
    ...opts,
  };
}

/** A consult with a signed report (same day, 11:00 Eastern), consent, and `now` long after every window. */
export function consultFacts(
  over: Partial<ConsultBillingFacts> = {},
): ConsultBillingFacts {
  return {
    consult: {
      id: 'consult-1',
      programId: 'program-1',
      patientId: 'patient-1',
      requestedBy: PCP,
      consultantId: CONSULTANT,
      consultantRole: 'psychiatrist',
      requestedAt: REQUESTED_AT,
    },
    timeZone: TZ,
    payer: 'default',
    rules: rulesFor('default'),
    clinicians: {
      [CONSULTANT]: { id: CONSULTANT, npi: '1000000003' },
      [PCP]: { id: PCP, npi: '1000000001' },
      [CARE_MANAGER]: { id: CARE_MANAGER, npi: null },
    },
    callEvents: [],
    ledger: [],
    report: {
      id: 'report-1',
      signedAt: REQUESTED_AT + 60 * MIN,
      verbalDiscussion: true,
      directEvaluationAdvised: false,
    },
    consents: [consent()],
    encounters: [],
    priorLines: [],
    now: REQUESTED_AT + 60 * DAY,
    ...over,
  };
}

/** An instant at local wall-clock time on a date in the program's zone (not on DST-change days). */
export function at(date: string, hhmm = '10:00', timeZone = TZ): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return localMidnight(date, timeZone) + (h * 60 + m) * MIN;
}

export function monthFacts(
  over: Partial<PatientMonthFacts> = {},
): PatientMonthFacts {
  return {
    programId: 'program-1',
    patientId: 'patient-1',
    month: '2025-03',
    timeZone: TZ,
    payer: 'default',
    rules: rulesFor('default'),
    clinicians: { [PCP]: { id: PCP, npi: '1000000001' } },
    enrollments: [
      {
        id: 'enr-1',
        kind: 'cocm',
        startDate: '2025-03-03',
        endDate: null,
        billingClinicianId: PCP,
      },
    ],
    ledger: [],
    consents: [
      {
        id: 'consent-cocm',
        kind: 'collaborative_care',
        consultId: null,
        obtainedAt: at('2025-03-03', '09:00'),
        costSharingNoticeGiven: true,
        withdrawnAt: null,
      },
    ],
    priorLines: [],
    now: at('2025-05-01'),
    ...over,
  };
}

/** Care-manager time as one anchored entry of `minutes` on a date. */
export function careTime(
  date: string,
  minutes: number,
  opts: Partial<LedgerEntryFact> = {},
): LedgerEntryFact {
  return entry(
    'care_manager',
    'care_management',
    at(date, '09:00'),
    minutes,
    opts,
  );
}
