import { z } from 'zod';
import {
  MEDICAID_TELEHEALTH,
  MEDICARE_TELEHEALTH,
  TELEHEALTH_DEFAULTS,
  telehealthRulesSchema,
} from './telehealth-payer-rules';

/**
 * Every threshold, window and fee the coding engine uses, one table per payer.
 * Defaults come from shared/reference/billing-and-programs.md; values marked
 * "verify" there are exactly the ones a program is expected to override
 * (stored per program in billing_payer_rules and deep-merged over these).
 */
const band = z.object({
  code: z.string().min(1),
  fromMinutes: z.number().int().min(0),
  toMinutes: z.number().int().min(0).nullable(),
});

export const payerRulesSchema = z.object({
  payer: z.string().min(1),
  label: z.string().min(1),
  interprofessional: z.object({
    /** Consultant minutes below this are never billable. */
    minimumMinutes: z.number().int().min(0),
    /** 99446-99449: verbal + written, by cumulative consultant minutes. */
    bands: z.array(band).min(1),
    /** Discussion must be strictly more than this share of consultant time for the bands. */
    discussionShareOver: z.number().min(0).max(1),
    /** Written-report-only code (99451) and its minimum. */
    writtenOnlyCode: z.string().min(1),
    writtenOnlyFromMinutes: z.number().int().min(0),
    /** Treating clinician's code (99452) and its minimum (30-minute descriptor, midpoint 16). */
    requestingCode: z.string().min(1),
    requestingFromMinutes: z.number().int().min(0),
    /** Consultant codes at most once per this many days per patient. */
    consultantFrequencyDays: z.number().int().min(0),
    requestingFrequencyDays: z.number().int().min(0),
    /** Not billable if the consultant saw the patient face to face within this many prior days. */
    priorFaceToFaceDays: z.number().int().min(0),
    /** Not billable if a transfer of care or face-to-face visit with the consultant follows within this many days. */
    followUpWindowDays: z.number().int().min(0),
    /** true: consultant lines stay "held" until the follow-up window has passed; false: "ready" with a flag. */
    holdDuringFollowUpWindow: z.boolean(),
    requiresConsent: z.boolean(),
    requiresCostSharingNotice: z.boolean(),
    /** A patient-level consent (not tied to one consult) stays valid this many days; null = until withdrawn. */
    patientConsentValidDays: z.number().int().min(0).nullable(),
    placeOfService: z.string().regex(/^\d{2}$/),
  }),
  collaborativeCare: z.object({
    firstMonthCode: z.string().min(1),
    firstMonthFromMinutes: z.number().int().min(0),
    firstMonthBaseMinutes: z.number().int().min(0),
    laterMonthCode: z.string().min(1),
    laterMonthFromMinutes: z.number().int().min(0),
    laterMonthBaseMinutes: z.number().int().min(0),
    addOnCode: z.string().min(1),
    addOnBlockMinutes: z.number().int().min(1),
    /** CPT midpoint rule: an add-on unit counts once this many minutes of its block have passed. */
    addOnMidpointMinutes: z.number().int().min(0),
    /** G2214 (Medicare): first 30 minutes in any month, when 99492/99493 is not reached. */
    g2214Enabled: z.boolean(),
    g2214Code: z.string().min(1),
    g2214FromMinutes: z.number().int().min(0),
    /** General behavioral health integration. */
    bhiCode: z.string().min(1),
    bhiFromMinutes: z.number().int().min(0),
    /** false: only the care manager's time counts; true: the whole team's (consultant, treating clinician). */
    countTeamTime: z.boolean(),
    requiresConsent: z.boolean(),
    requiresCostSharingNotice: z.boolean(),
    placeOfService: z.string().regex(/^\d{2}$/),
  }),
  /** The psychiatrist's direct evaluation (a virtual visit): see telehealth-payer-rules.ts. */
  telehealth: telehealthRulesSchema,
  /** Modifiers to add per code (e.g. a payer that wants one on 99452). */
  modifiers: z.record(z.string(), z.array(z.string().regex(/^[A-Z0-9]{2}$/))),
  /** Expected payment per code in cents (for the biller's view; null when unknown). */
  feesCents: z.record(z.string(), z.number().int().min(0).nullable()),
});
export type PayerRules = z.infer<typeof payerRulesSchema>;

export const INTERPROFESSIONAL_DEFAULTS: PayerRules['interprofessional'] = {
  minimumMinutes: 5,
  bands: [
    { code: '99446', fromMinutes: 5, toMinutes: 10 },
    { code: '99447', fromMinutes: 11, toMinutes: 20 },
    { code: '99448', fromMinutes: 21, toMinutes: 30 },
    { code: '99449', fromMinutes: 31, toMinutes: null },
  ],
  discussionShareOver: 0.5,
  writtenOnlyCode: '99451',
  writtenOnlyFromMinutes: 5,
  requestingCode: '99452',
  requestingFromMinutes: 16,
  consultantFrequencyDays: 7,
  requestingFrequencyDays: 14,
  priorFaceToFaceDays: 14,
  followUpWindowDays: 14,
  holdDuringFollowUpWindow: true,
  requiresConsent: true,
  requiresCostSharingNotice: true,
  patientConsentValidDays: 365,
  // Interprofessional consults are not telehealth visits (the patient is not present): the consultant's office.
  placeOfService: '11',
};

export const COLLABORATIVE_CARE_DEFAULTS: PayerRules['collaborativeCare'] = {
  firstMonthCode: '99492',
  firstMonthFromMinutes: 36,
  firstMonthBaseMinutes: 70,
  laterMonthCode: '99493',
  laterMonthFromMinutes: 31,
  laterMonthBaseMinutes: 60,
  addOnCode: '99494',
  addOnBlockMinutes: 30,
  addOnMidpointMinutes: 16,
  g2214Enabled: false,
  g2214Code: 'G2214',
  g2214FromMinutes: 16,
  bhiCode: '99484',
  bhiFromMinutes: 20,
  countTeamTime: false,
  requiresConsent: true,
  requiresCostSharingNotice: true,
  placeOfService: '11',
};

/** Approximate national payment, 2021 (reference); CoCM/BHI fees are not in the reference, so unknown. */
const FEES_2021: Record<string, number | null> = {
  '99446': 1884,
  '99447': 3385,
  '99448': 5374,
  '99449': 7328,
  '99451': 3629,
  '99452': 3664,
  '99492': null,
  '99493': null,
  '99494': null,
  G2214: null,
  '99484': null,
  // Visit codes: no figure in the reference (verify; a program sets its fee schedule).
  '90791': null,
  '90792': null,
  '90785': null,
};

export const DEFAULT_PAYER_RULES: Readonly<Record<string, PayerRules>> = {
  default: {
    payer: 'default',
    label: 'Any payer without its own table (commercial)',
    interprofessional: INTERPROFESSIONAL_DEFAULTS,
    collaborativeCare: COLLABORATIVE_CARE_DEFAULTS,
    telehealth: TELEHEALTH_DEFAULTS,
    modifiers: {},
    feesCents: FEES_2021,
  },
  medicare: {
    payer: 'medicare',
    label: 'Medicare',
    interprofessional: INTERPROFESSIONAL_DEFAULTS,
    collaborativeCare: { ...COLLABORATIVE_CARE_DEFAULTS, g2214Enabled: true },
    telehealth: MEDICARE_TELEHEALTH,
    modifiers: {},
    feesCents: FEES_2021,
  },
  medicaid: {
    payer: 'medicaid',
    label: 'Medicaid / CHIP',
    // CMS SHO #23-001: may pay without the patient present; no cost sharing to give notice of (verify per state).
    interprofessional: {
      ...INTERPROFESSIONAL_DEFAULTS,
      requiresConsent: false,
      requiresCostSharingNotice: false,
    },
    collaborativeCare: {
      ...COLLABORATIVE_CARE_DEFAULTS,
      requiresCostSharingNotice: false,
    },
    telehealth: MEDICAID_TELEHEALTH,
    modifiers: {},
    feesCents: FEES_2021,
  },
};

/**
 * A payer key: lower case, starting with a letter, and never the name of an
 * Object.prototype member (keys index plain objects and JSON documents).
 */
export const payerKeySchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9_-]{1,39}$/,
    'must be a payer key such as medicare, medicaid or default',
  )
  .refine((k) => !(k in Object.prototype), 'is a reserved word');

/** A program's partial override for one payer: any field of the table, nested objects merged. */
export const payerRulesOverrideSchema = z
  .object({
    label: z.string().min(1).max(200),
    interprofessional: payerRulesSchema.shape.interprofessional.partial(),
    collaborativeCare: payerRulesSchema.shape.collaborativeCare.partial(),
    telehealth: payerRulesSchema.shape.telehealth.partial(),
    modifiers: payerRulesSchema.shape.modifiers,
    feesCents: payerRulesSchema.shape.feesCents,
  })
  .partial()
  .strict();
export type PayerRulesOverride = z.infer<typeof payerRulesOverrideSchema>;

/** The effective table for a payer: the built-in defaults (or `default`'s), then the program's override. */
export function rulesFor(
  payer: string,
  override?: PayerRulesOverride | null,
): PayerRules {
  // Object.hasOwn: a payer named __proto__ or constructor is not a table.
  const base = (Object.hasOwn(DEFAULT_PAYER_RULES, payer)
    ? DEFAULT_PAYER_RULES[payer]
    : undefined) ?? {
    ...DEFAULT_PAYER_RULES.default!,
    payer,
    label: payer,
  };
  if (!override) return base;
  return payerRulesSchema.parse({
    ...base,
    label: override.label ?? base.label,
    interprofessional: {
      ...base.interprofessional,
      ...override.interprofessional,
    },
    collaborativeCare: {
      ...base.collaborativeCare,
      ...override.collaborativeCare,
    },
    telehealth: { ...base.telehealth, ...override.telehealth },
    modifiers: { ...base.modifiers, ...override.modifiers },
    feesCents: { ...base.feesCents, ...override.feesCents },
  });
}
