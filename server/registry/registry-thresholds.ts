import { z } from 'zod';

/**
 * A program's treat-to-target thresholds. Defaults follow the AIMS Center's
 * collaborative-care registry guidance (University of Washington, "Patient
 * Tracking Spreadsheet" and "Caseload review" materials, aims.uw.edu):
 * contact at least monthly once stable, a measurable response is a 50 %
 * drop in PHQ-9 from baseline, remission is PHQ-9 under 5, and a patient
 * without a 50 % drop by 10-12 weeks is brought to the psychiatric
 * consultant for a change in treatment. Kept in one table so a program can
 * correct them (program settings may override any field).
 */
export const registryThresholdsSchema = z.object({
  /** `no_contact`: no care-manager contact for this many days. */
  noContactDays: z.number().int().min(1).max(365),
  /** `not_improving`: from this week of treatment without a response. */
  notImprovingFromWeek: z.number().int().min(1).max(52),
  /** `response`: a drop of at least this percent from baseline. */
  responseDropPercent: z.number().min(1).max(100),
  /** `remission`: a follow-up score under this (PHQ-9 or GAD-7). */
  remissionBelow: z.number().int().min(1).max(27),
  /** A score this many days before enrollment still counts as baseline. */
  baselineLookbackDays: z.number().int().min(0).max(90),
  /** `needs_psychiatric_review`: a flagged patient not reviewed in this many days. */
  reviewFreshDays: z.number().int().min(1).max(90),
  /** `minutes_short`: this many minutes or fewer below the month's CoCM threshold... */
  minutesShortWithin: z.number().int().min(1).max(60),
  /** ...with fewer than this many days left in the month. */
  minutesShortDaysLeft: z.number().int().min(1).max(31),
});
export type RegistryThresholds = z.infer<typeof registryThresholdsSchema>;

export const AIMS_DEFAULT_THRESHOLDS: RegistryThresholds = {
  noContactDays: 28,
  notImprovingFromWeek: 10,
  responseDropPercent: 50,
  remissionBelow: 5,
  baselineLookbackDays: 30,
  reviewFreshDays: 14,
  minutesShortWithin: 10,
  minutesShortDaysLeft: 7,
};

/** A change of some thresholds; fields left out keep their value. */
export const registryThresholdsPatchSchema = registryThresholdsSchema
  .partial()
  .strict();
export type RegistryThresholdsPatch = z.infer<
  typeof registryThresholdsPatchSchema
>;

/**
 * A program's thresholds from what programs.settings holds: each stored
 * field that is valid overrides its default; anything else (missing, of
 * an older shape, out of range) falls back to the AIMS default, so a bad
 * stored value never stops the registry.
 */
export function storedRegistryThresholds(stored: unknown): RegistryThresholds {
  const raw =
    stored && typeof stored === 'object'
      ? (stored as Record<string, unknown>)
      : {};
  const out: Record<string, unknown> = { ...AIMS_DEFAULT_THRESHOLDS };
  for (const [key, field] of Object.entries(registryThresholdsSchema.shape)) {
    const parsed = (field as z.ZodType).safeParse(raw[key]);
    if (parsed.success) out[key] = parsed.data;
  }
  return out as RegistryThresholds;
}
