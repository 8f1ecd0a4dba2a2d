import { z } from 'zod';

/**
 * The telehealth part of a payer's table: how the psychiatrist's direct
 * evaluation (a virtual visit) is coded. Defaults follow "Telehealth visit
 * attributes" in shared/reference/billing-and-programs.md; every value not
 * stated there is marked "verify" and is exactly what a program overrides.
 */
const emBand = z.object({
  code: z.string().min(1),
  /** CPT total-time threshold: the code is reached at this many minutes. */
  fromMinutes: z.number().int().min(0),
});

/** E/M codes by time, for a new and for an established patient. */
const emFamily = z.object({
  newPatient: z.array(emBand).min(1),
  established: z.array(emBand).min(1),
});

const modifier = z.string().regex(/^[A-Z0-9]{2}$/);

export const INTERACTIVE_COMPLEXITY_FACTORS = [
  /** A parent's or guardian's emotions or behavior interfere with the evaluation. */
  'guardian_interference',
  /** An interpreter took part in the visit. */
  'interpreter',
] as const;
export type InteractiveComplexityFactor =
  (typeof INTERACTIVE_COMPLEXITY_FACTORS)[number];

export const telehealthRulesSchema = z.object({
  /** Patient at home: POS 10; anywhere else: POS 02. */
  homePlaceOfService: z.string().regex(/^\d{2}$/),
  elsewherePlaceOfService: z.string().regex(/^\d{2}$/),
  /** Added when every patient leg was audio only (null: the payer wants none). */
  audioOnlyModifier: modifier.nullable(),
  /** Added for audio-video where the payer still asks for it (null: none). */
  audioVideoModifier: modifier.nullable(),
  /** Time-based E/M: the telemedicine family (98000-98015) or the office one. */
  emFamily: z.enum(['telemedicine', 'office']),
  officeEm: emFamily,
  telemedicineAudioVideoEm: emFamily,
  telemedicineAudioOnlyEm: emFamily,
  /** Psychiatric diagnostic evaluation without / with medical services. */
  diagnosticEvaluationCode: z.string().min(1),
  diagnosticEvaluationMedicalCode: z.string().min(1),
  /** CPT gives 90791/90792 no time; a floor so a brief connection is not billed as an evaluation. */
  diagnosticEvaluationFromMinutes: z.number().int().min(0),
  interactiveComplexityCode: z.string().min(1),
  /** Which documented factors make the add-on reportable. */
  interactiveComplexityFactors: z.array(z.enum(INTERACTIVE_COMPLEXITY_FACTORS)),
  /** New patient: no service from the billing clinician within this many years. */
  establishedWithinYears: z.number().int().min(1),
  requiresConsent: z.boolean(),
  /** true: a line waits ("held") until the clinician confirms the patient's location. */
  holdUntilLocationConfirmed: z.boolean(),
});
export type TelehealthRules = z.infer<typeof telehealthRulesSchema>;

const newPatientTimes = (codes: readonly string[]) =>
  codes.map((code, i) => ({ code, fromMinutes: [15, 30, 45, 60][i]! }));
const establishedTimes = (codes: readonly string[]) =>
  codes.map((code, i) => ({ code, fromMinutes: [10, 20, 30, 40][i]! }));

/** CPT 2021+ total-time thresholds (verify; 98000-98015 copy the office times). */
export const TELEHEALTH_DEFAULTS: TelehealthRules = {
  homePlaceOfService: '10',
  elsewherePlaceOfService: '02',
  audioOnlyModifier: '93',
  // Commercial payers often still ask for 95 (verify per contract).
  audioVideoModifier: '95',
  emFamily: 'telemedicine',
  officeEm: {
    newPatient: newPatientTimes(['99202', '99203', '99204', '99205']),
    established: establishedTimes(['99212', '99213', '99214', '99215']),
  },
  telemedicineAudioVideoEm: {
    newPatient: newPatientTimes(['98000', '98001', '98002', '98003']),
    established: establishedTimes(['98004', '98005', '98006', '98007']),
  },
  telemedicineAudioOnlyEm: {
    newPatient: newPatientTimes(['98008', '98009', '98010', '98011']),
    established: establishedTimes(['98012', '98013', '98014', '98015']),
  },
  diagnosticEvaluationCode: '90791',
  diagnosticEvaluationMedicalCode: '90792',
  diagnosticEvaluationFromMinutes: 16,
  interactiveComplexityCode: '90785',
  // CPT excludes interpretation alone from 90785; a program that is paid for it adds 'interpreter' (verify).
  interactiveComplexityFactors: ['guardian_interference'],
  establishedWithinYears: 3,
  requiresConsent: true,
  holdUntilLocationConfirmed: true,
};

/** Medicare does not recognize 98000-98015: office family; modifier 95 off (verify). */
export const MEDICARE_TELEHEALTH: TelehealthRules = {
  ...TELEHEALTH_DEFAULTS,
  emFamily: 'office',
  audioVideoModifier: null,
};

export const MEDICAID_TELEHEALTH: TelehealthRules = {
  ...TELEHEALTH_DEFAULTS,
  // Many state Medicaid programs have not adopted 98000-98015 (verify per state).
  emFamily: 'office',
};
