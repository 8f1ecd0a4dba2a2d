import type { ClinicianFact, LineDraft, Reason } from './billing-facts';
import type { PayerRules } from './payer-rules';

/** Status follows the worst reason: any block blocks, else any hold holds. */
export function statusOf(reasons: readonly Reason[]): LineDraft['status'] {
  if (reasons.some((r) => r.outcome === 'blocked')) return 'blocked';
  if (reasons.some((r) => r.outcome === 'held')) return 'held';
  return 'ready';
}

export interface DraftParts {
  lineKey: string;
  code: string;
  units?: number;
  clinicianId: string;
  dos: string;
  minutes: number;
  reasons: Reason[];
  consentId: string | null;
  pos: string;
  /** Modifiers the rule decided (telehealth 93/95), before the payer's per-code ones. */
  modifiers?: string[];
}

export function draftLine(
  base: {
    programId: string;
    patientId: string;
    consultId: string | null;
    payer: string;
    rules: PayerRules;
    clinicians: Record<string, ClinicianFact>;
  },
  p: DraftParts,
): LineDraft {
  return {
    lineKey: p.lineKey,
    programId: base.programId,
    patientId: base.patientId,
    consultId: base.consultId,
    code: p.code,
    units: p.units ?? 1,
    billingClinicianId: p.clinicianId,
    billingClinicianNpi: base.clinicians[p.clinicianId]?.npi ?? null,
    dateOfService: p.dos,
    placeOfService: p.pos,
    modifiers: [
      ...new Set([
        ...(p.modifiers ?? []),
        ...(base.rules.modifiers[p.code] ?? []),
      ]),
    ],
    minutes: p.minutes,
    status: statusOf(p.reasons),
    reasons: p.reasons,
    consentId: p.consentId,
    payer: base.payer,
    feeCents: feeOf(base.rules, p.code, p.units ?? 1),
  };
}

/** Expected payment for the line: the payer table's fee per unit, null when the table has none. */
function feeOf(rules: PayerRules, code: string, units: number): number | null {
  const fee = rules.feesCents[code];
  return fee === undefined || fee === null ? null : fee * units;
}
