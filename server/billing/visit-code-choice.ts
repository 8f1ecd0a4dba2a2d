import type { Reason } from './billing-facts';
import type { LegMedium } from './visit-legs';
import type { PriorServiceFact, VisitFacts, VisitService } from './visit-facts';

/**
 * Which code a visit's service and time reach: the diagnostic evaluation
 * (90791/90792, with a floor of minutes) or the time-based E/M of the
 * payer's family (telemedicine 98000-98015 or office), new or established.
 */
export type CodeChoice =
  | { code: string; reasons: Reason[] }
  | { note: Reason; reasons: Reason[] };

/** New vs established: any service by the billing clinician in the years before the visit. */
export function patientStatus(
  prior: readonly PriorServiceFact[],
  clinicianId: string,
  dateOfService: string,
  years: number,
): { established: boolean; reason: Reason } {
  const since = `${Number(dateOfService.slice(0, 4)) - years}${dateOfService.slice(4)}`;
  const hit = prior
    .filter(
      (p) =>
        p.clinicianId === clinicianId &&
        p.date < dateOfService &&
        p.date >= since,
    )
    .sort((a, b) => (a.date < b.date ? 1 : -1))[0];
  return hit
    ? {
        established: true,
        reason: {
          rule: 'patient.established',
          outcome: 'allowed',
          message: `Established patient: the billing clinician saw the patient on ${hit.date} (a prior ${hit.kind}), within ${years} years.`,
          data: { priorKind: hit.kind, priorId: hit.id, priorDate: hit.date },
        },
      }
    : {
        established: false,
        reason: {
          rule: 'patient.new',
          outcome: 'allowed',
          message: `New patient: no visit or encounter with the billing clinician in the ${years} years before ${dateOfService}.`,
        },
      };
}

function emBands(
  f: VisitFacts,
  medium: LegMedium,
  established: boolean,
): { bands: { code: string; fromMinutes: number }[]; reason: Reason } {
  const t = f.rules.telehealth;
  // Medicare does not recognize 98000-98015, whatever a program's table says.
  const medicareGuard = f.payer === 'medicare' && t.emFamily === 'telemedicine';
  const family = medicareGuard ? 'office' : t.emFamily;
  const table =
    family === 'office'
      ? t.officeEm
      : medium === 'audio_only'
        ? t.telemedicineAudioOnlyEm
        : t.telemedicineAudioVideoEm;
  const bands = established ? table.established : table.newPatient;
  const kind =
    family === 'office'
      ? 'office E/M family'
      : `telemedicine E/M family (${medium === 'audio_only' ? 'audio only' : 'audio-video'})`;
  return {
    bands: [...bands].sort((a, b) => a.fromMinutes - b.fromMinutes),
    reason: {
      rule: medicareGuard ? 'em.family_medicare_office' : 'em.family',
      outcome: 'allowed',
      message: medicareGuard
        ? 'Medicare does not recognize 98000-98015: coded from the office E/M family.'
        : `This payer takes the ${kind}.`,
      data: { family },
    },
  };
}

const SERVICE_LABEL: Record<VisitService, string> = {
  diagnostic_evaluation: 'psychiatric diagnostic evaluation',
  diagnostic_evaluation_medical:
    'psychiatric diagnostic evaluation with medical services',
  evaluation_management: 'time-based evaluation and management',
};

/** The code the documented service and counted minutes reach, or a note why none. */
export function chooseCode(
  f: VisitFacts,
  service: VisitService,
  minutes: number,
  medium: LegMedium,
  status: { established: boolean; reason: Reason },
): CodeChoice {
  const t = f.rules.telehealth;
  if (service !== 'evaluation_management') {
    const code =
      service === 'diagnostic_evaluation'
        ? t.diagnosticEvaluationCode
        : t.diagnosticEvaluationMedicalCode;
    if (minutes < t.diagnosticEvaluationFromMinutes)
      return {
        reasons: [],
        note: {
          rule: 'time.under_minimum',
          outcome: 'info',
          message: `${minutes} min with the patient is under the ${t.diagnosticEvaluationFromMinutes}-minute floor this payer table sets for ${code}: nothing to bill.`,
          data: { minutes, code },
        },
      };
    return {
      code,
      reasons: [
        {
          rule: 'code.diagnostic_evaluation',
          outcome: 'allowed',
          message: `${code}: ${SERVICE_LABEL[service]}, ${minutes} min with the patient (floor ${t.diagnosticEvaluationFromMinutes} min).`,
        },
      ],
    };
  }
  const family = emBands(f, medium, status.established);
  const band = family.bands.filter((b) => minutes >= b.fromMinutes).pop();
  const who = status.established ? 'established' : 'new';
  if (!band)
    return {
      reasons: [],
      note: {
        rule: 'time.under_minimum',
        outcome: 'info',
        message: `${minutes} min is under the ${family.bands[0]!.fromMinutes} min the first ${who}-patient E/M code (${family.bands[0]!.code}) needs: nothing to bill.`,
        data: { minutes, code: family.bands[0]!.code },
      },
    };
  return {
    code: band.code,
    reasons: [
      status.reason,
      family.reason,
      {
        rule: 'code.em_time',
        outcome: 'allowed',
        message: `${band.code}: ${minutes} min reaches its ${band.fromMinutes}-minute threshold for a ${who} patient.`,
        data: { minutes, fromMinutes: band.fromMinutes },
      },
    ],
  };
}
