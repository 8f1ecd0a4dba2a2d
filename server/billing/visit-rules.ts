import type { CodingResult, LineDraft, Reason } from './billing-facts';
import { intersectSpans, type Span } from './call-intervals';
import { isoInstant, localDate } from './calendar-days';
import { checkConsent } from './consent-check';
import { draftLine } from './line-draft';
import {
  modality,
  modifiersFor,
  placeOfService,
  placeReason,
} from './visit-delivery';
import { chooseCode, patientStatus } from './visit-code-choice';
import type { VisitFacts } from './visit-facts';
import { spansOf, visitLegs, type VisitLeg } from './visit-legs';

const MINUTE = 60_000;

export const visitLineKeys = (visitId: string) => [
  `visit:${visitId}`,
  `visit:${visitId}:complexity`,
];

/**
 * The psychiatrist's direct evaluation (a virtual visit) as a telehealth
 * line: time with the patient from the call events, the code of the
 * documented service, place of service by the patient's location, modifier
 * by audio-only or audio-video, and the interactive-complexity add-on.
 * Pure: the facts in, lines with their reasons out.
 */
export function codeVisitService(f: VisitFacts): CodingResult {
  const notes: Reason[] = [];
  const { legs, unfinishedCalls } = visitLegs(
    f.callEvents,
    f.phoneLegs,
    f.participants,
  );
  if (unfinishedCalls.length)
    notes.push({
      rule: 'time.call_unfinished',
      outcome: 'info',
      message:
        'A call of the visit has no end event yet; its time is counted only up to its last event.',
      data: { callIds: unfinishedCalls },
    });
  const live = legs.filter((l) => l.spans.length > 0);
  const patientLegs = live.filter((l) => l.owner === 'patient');
  if (!patientLegs.length)
    return { lines: [], notes: [...notes, noPatientLeg(live)] };
  const clinicianId = f.visit.billingClinicianId;
  if (!clinicianId)
    return {
      lines: [],
      notes: [
        ...notes,
        {
          rule: 'visit.no_billing_clinician',
          outcome: 'info',
          message:
            'The consult has no assigned psychiatrist, so nobody bills the visit.',
        },
      ],
    };
  const together = intersectSpans(
    spansOf(live.filter((l) => l.userId === clinicianId)),
    spansOf(
      live.filter((l) => l.owner === 'patient' || l.owner === 'guardian'),
    ),
  );
  const ms = together.reduce((sum, s) => sum + s.end - s.start, 0);
  const minutes = Math.floor(ms / MINUTE);
  if (!together.length)
    return {
      lines: [],
      notes: [
        ...notes,
        {
          rule: 'visit.clinician_never_with_patient',
          outcome: 'info',
          message:
            'The billing psychiatrist was never connected while the patient or a guardian was: no time to bill.',
        },
      ],
    };
  const dos = localDate(together[0]!.start, f.timeZone);
  const service = f.attestation?.service ?? null;
  if (!service)
    return {
      lines: [],
      notes: [
        ...notes,
        {
          rule: 'service.not_recorded',
          outcome: 'info',
          message: `${minutes} min with the patient on ${dos}, but the psychiatrist has not recorded which service was given (diagnostic evaluation, with medical services, or E/M).`,
          data: { minutes },
        },
      ],
    };
  const medium = modality(patientLegs);
  const status = patientStatus(
    f.priorServices,
    clinicianId,
    dos,
    f.rules.telehealth.establishedWithinYears,
  );
  const choice = chooseCode(f, service, minutes, medium.medium, status);
  if ('note' in choice) return { lines: [], notes: [...notes, choice.note] };
  const consent = consentReason(f, dos);
  const shared = [
    medium.reason,
    placeReason(f),
    consent.reason,
    visitStatusReason(f),
  ];
  const base = {
    clinicianId,
    dos,
    minutes,
    pos: placeOfService(f).code,
    modifiers: modifiersFor(f, medium.medium),
    consentId: consent.consentId,
  };
  const time = timeReason(together, minutes, live);
  const lines: LineDraft[] = [
    draft(f, {
      ...base,
      lineKey: visitLineKeys(f.visit.id)[0]!,
      code: choice.code,
      reasons: [time, ...choice.reasons, ...shared],
    }),
  ];
  const complexity = complexityReason(f, service);
  if (complexity && 'line' in complexity)
    lines.push(
      draft(f, {
        ...base,
        lineKey: visitLineKeys(f.visit.id)[1]!,
        code: f.rules.telehealth.interactiveComplexityCode,
        reasons: [complexity.line, ...shared],
      }),
    );
  else if (complexity) notes.push(complexity.note);
  return { lines, notes };
}

function noPatientLeg(live: readonly VisitLeg[]): Reason {
  const unknown = live.filter((l) => l.owner === 'unknown_caller').length;
  const others = unknown
    ? ` ${unknown} phone caller${unknown === 1 ? '' : 's'} dialled in without being tied to an invitee; a caller who is the patient should be rung back by "Call <patient>" so the leg is theirs.`
    : '';
  return {
    rule: 'visit.no_patient_leg',
    outcome: 'info',
    message: `The patient was never connected to the visit (by video or phone): a telehealth service needs the patient, so there is no line.${others}`,
    data: { legs: live.map((l) => ({ owner: l.owner, via: l.via })) },
  };
}

/** A documented telehealth consent (patient record), or the one agreed on the patient page. */
function consentReason(
  f: VisitFacts,
  dos: string,
): { reason: Reason; consentId: string | null } {
  const t = f.rules.telehealth;
  const recorded = checkConsent(
    f.consents,
    {
      kind: 'telehealth',
      required: t.requiresConsent,
      needsCostSharingNotice: false,
      consultId: f.visit.consultId,
      patientLevelValidDays: f.rules.interprofessional.patientConsentValidDays,
    },
    dos,
    f.timeZone,
  );
  if (recorded.consentId) return recorded;
  const agreed = f.visitConsents.find(
    (c) =>
      c.signerRole !== 'interpreter' &&
      localDate(c.agreedAt, f.timeZone) <= dos,
  );
  if (!agreed) return recorded;
  return {
    consentId: null,
    reason: {
      rule: 'consent.visit_telehealth',
      outcome: 'allowed',
      message: `Telehealth consent agreed on the visit page by the ${agreed.signerRole}.`,
      data: { visitConsentId: agreed.id },
    },
  };
}

function visitStatusReason(f: VisitFacts): Reason {
  switch (f.visit.status) {
    case 'ended':
      return {
        rule: 'visit.ended',
        outcome: 'allowed',
        message: 'The visit has ended: its time is final.',
      };
    case 'cancelled':
      // Closed with nobody admitted from the waiting room: a phone-only visit still took place.
      return {
        rule: 'visit.closed_phone_only',
        outcome: 'allowed',
        message:
          'The visit was closed with nobody admitted from the waiting room (phone legs only): its time is final.',
      };
    default:
      return {
        rule: 'visit.not_ended',
        outcome: 'held',
        message: `The visit is ${f.visit.status.replace('_', ' ')}; the line waits until it ends.`,
      };
  }
}

function timeReason(
  together: readonly Span[],
  minutes: number,
  live: readonly VisitLeg[],
): Reason {
  return {
    rule: 'time.visit',
    outcome: 'counted',
    message: `${minutes} min with the patient: the psychiatrist connected while the patient or a guardian was (completed minutes).`,
    data: {
      minutes,
      spans: together.map((s) => ({
        from: isoInstant(s.start),
        minutes: Math.round((s.end - s.start) / 600) / 100,
      })),
      legs: live.map((l) => ({ owner: l.owner, via: l.via, medium: l.medium })),
    },
  };
}

/** 90785 goes only with the diagnostic evaluation, for a factor the payer accepts. */
function complexityReason(
  f: VisitFacts,
  service: string,
): { line: Reason } | { note: Reason } | null {
  const t = f.rules.telehealth;
  const documented = f.attestation?.interactiveComplexity ?? [];
  if (!documented.length) return null;
  const accepted = documented.filter((d) =>
    t.interactiveComplexityFactors.includes(d),
  );
  const words = (xs: readonly string[]) =>
    xs.map((x) => x.replace(/_/g, ' ')).join(', ');
  if (service === 'evaluation_management')
    return {
      note: {
        rule: 'complexity.not_with_em',
        outcome: 'info',
        message: `${t.interactiveComplexityCode} (${words(documented)}) is an add-on to the diagnostic evaluation or psychotherapy, not to an E/M alone.`,
      },
    };
  if (!accepted.length)
    return {
      note: {
        rule: 'complexity.factor_not_accepted',
        outcome: 'info',
        message: `${t.interactiveComplexityCode} not added: this payer table does not accept ${words(documented)} as interactive complexity (CPT excludes interpretation alone).`,
      },
    };
  return {
    line: {
      rule: 'complexity.documented',
      outcome: 'allowed',
      message: `${t.interactiveComplexityCode}: interactive complexity documented (${words(accepted)}).`,
      data: { factors: accepted },
    },
  };
}

const draft = (
  f: VisitFacts,
  p: Parameters<typeof draftLine>[1] & { consentId: string | null },
) =>
  draftLine(
    {
      programId: f.visit.programId,
      patientId: f.visit.patientId,
      consultId: f.visit.consultId,
      payer: f.payer,
      rules: f.rules,
      clinicians: f.clinicians,
    },
    p,
  );
