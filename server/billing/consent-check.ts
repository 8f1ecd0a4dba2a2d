import { daysBetween, localDate } from './calendar-days';
import type { ConsentFact, ConsentKind, Reason } from './billing-facts';

export interface ConsentRequirement {
  kind: ConsentKind;
  required: boolean;
  needsCostSharingNotice: boolean;
  /** This consult (or null for patient-month codes). */
  consultId: string | null;
  /** How long a patient-level consent stays valid; null = until withdrawn. */
  patientLevelValidDays: number | null;
}

export interface ConsentOutcome {
  consentId: string | null;
  reason: Reason;
  ok: boolean;
}

/**
 * Documented verbal consent, obtained by the date of service and not
 * withdrawn, with the cost-sharing notice where the payer needs it. A consent
 * recorded for this consult wins over a patient-level one.
 */
export function checkConsent(
  consents: readonly ConsentFact[],
  req: ConsentRequirement,
  dateOfService: string,
  timeZone: string,
): ConsentOutcome {
  const valid = (c: ConsentFact): boolean => {
    if (c.kind !== req.kind) return false;
    const obtained = localDate(c.obtainedAt, timeZone);
    if (obtained > dateOfService) return false;
    if (
      c.withdrawnAt !== null &&
      localDate(c.withdrawnAt, timeZone) <= dateOfService
    )
      return false;
    if (c.consultId !== null) return c.consultId === req.consultId;
    return (
      req.patientLevelValidDays === null ||
      daysBetween(obtained, dateOfService) <= req.patientLevelValidDays
    );
  };
  const candidates = consents
    .filter(valid)
    .sort(
      (a, b) =>
        Number(b.consultId === req.consultId) -
          Number(a.consultId === req.consultId) || b.obtainedAt - a.obtainedAt,
    );
  const withNotice = candidates.find((c) => c.costSharingNoticeGiven);
  const best = req.needsCostSharingNotice
    ? withNotice
    : (withNotice ?? candidates[0]);
  if (best) {
    return {
      ok: true,
      consentId: best.id,
      reason: {
        rule: 'consent.documented',
        outcome: 'allowed',
        message: `Verbal ${req.kind.replace('_', ' ')} consent documented${best.costSharingNoticeGiven ? ' with the cost-sharing notice' : ''}.`,
        data: { consentId: best.id },
      },
    };
  }
  if (!req.required) {
    return {
      ok: true,
      consentId: null,
      reason: {
        rule: 'consent.not_required',
        outcome: 'info',
        message:
          'This payer does not require documented consent for these codes.',
      },
    };
  }
  if (candidates.length) {
    return {
      ok: false,
      consentId: null,
      reason: {
        rule: 'consent.cost_sharing_notice_missing',
        outcome: 'blocked',
        message:
          'Consent is documented but the cost-sharing notice was not given; this payer requires it.',
        data: { consentIds: candidates.map((c) => c.id) },
      },
    };
  }
  return {
    ok: false,
    consentId: null,
    reason: {
      rule: 'consent.missing',
      outcome: 'blocked',
      message: `No documented verbal ${req.kind.replace('_', ' ')} consent (with cost-sharing notice) on or before ${dateOfService}.`,
    },
  };
}
