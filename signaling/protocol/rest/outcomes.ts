import { z } from 'zod';

/**
 * The coded outcome of a consult: where the patient goes next (disposition)
 * and what the question was about (diagnosis categories). The base lists are
 * MCPAP's; a program adds its own codes (GET/PUT /api/program/outcome-codes).
 */
export const BASE_DISPOSITIONS = [
  { code: 'advice_to_pcp', label: 'Advice to PCP only' },
  { code: 'care_coordination', label: 'Care coordination / resources' },
  { code: 'direct_evaluation', label: 'One-time direct evaluation' },
  { code: 'community_therapy', label: 'Referral to community therapy' },
  { code: 'psychiatry_referral', label: 'Referral to psychiatry' },
  { code: 'ed_inpatient', label: 'ED / inpatient' },
] as const;

export const BASE_DIAGNOSIS_CATEGORIES = [
  { code: 'anxiety', label: 'Anxiety' },
  { code: 'depression', label: 'Depression' },
  { code: 'adhd', label: 'ADHD' },
  { code: 'autism', label: 'Autism' },
  { code: 'trauma', label: 'Trauma' },
  { code: 'behavior', label: 'Behavior' },
  { code: 'substance_use', label: 'Substance use' },
  { code: 'eating', label: 'Eating' },
  { code: 'psychosis', label: 'Psychosis' },
  { code: 'bipolar', label: 'Bipolar' },
  { code: 'perinatal', label: 'Perinatal' },
  { code: 'other', label: 'Other' },
] as const;

/** A code is short snake case so it can be a CSV column and a URL part. */
export const outcomeCodeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, 'is a snake_case code of 2-40 letters');

export const codedEntrySchema = z.object({
  code: outcomeCodeSchema,
  label: z.string().trim().min(1).max(80),
});
export type CodedEntry = z.infer<typeof codedEntrySchema>;

/** The lists in force for a program: base entries first, then its own. */
export const outcomeCodesSchema = z.object({
  dispositions: z.array(codedEntrySchema),
  diagnosisCategories: z.array(codedEntrySchema),
});
export type OutcomeCodes = z.infer<typeof outcomeCodesSchema>;

/** What a program adds (PUT replaces its additions; base entries stay). */
export const outcomeExtensionsSchema = z
  .object({
    dispositions: z.array(codedEntrySchema).max(30).default([]),
    diagnosisCategories: z.array(codedEntrySchema).max(50).default([]),
  })
  .strict();
export type OutcomeExtensions = z.infer<typeof outcomeExtensionsSchema>;

/** The requesting PCP's optional word on a signed report. */
export const consultFeedbackSchema = z
  .object({
    useful: z.boolean(),
    wouldHaveReferredOut: z.boolean().nullable().default(null),
    comment: z.string().trim().max(2000).default(''),
  })
  .strict();
export type ConsultFeedback = z.infer<typeof consultFeedbackSchema>;

export const consultFeedbackReadSchema = z.object({
  feedback: consultFeedbackSchema.extend({ createdAt: z.string() }).nullable(),
});
