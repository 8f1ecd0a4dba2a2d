import { z } from 'zod';

/**
 * Screening assessments on the wire (POST/GET /api/patients/:id/assessments,
 * GET /api/assessments/:id). The client sends what the respondent ticked
 * (option positions); totals, bands and flags come only from the server.
 */

export const RESPONDENT_KINDS = ['patient', 'guardian', 'clinician'] as const;

export const newAssessmentSchema = z
  .object({
    /** Checked by the scorer, which lists the valid ids when it is unknown. */
    instrument: z.string().trim().min(1, 'is required').max(40),
    /** One 0-based option position per item, or null for a blank. Range and
     * count are checked by the scorer, which names the item. */
    items: z.array(z.number().nullable()).max(200),
    answeredBy: z.enum(RESPONDENT_KINDS),
    /** When the form was filled in (paper entered later); default now. */
    answeredAt: z.iso.datetime({ offset: true }).optional(),
    /** A clinician's decision to use the instrument outside its ages. */
    clinicianOverride: z
      .object({ reason: z.string().trim().min(1, 'is required').max(500) })
      .optional(),
    /** The assessment this one corrects (same patient and instrument). */
    supersedes: z.uuid().optional(),
    correctionReason: z.string().trim().min(1).max(500).optional(),
  })
  .strict();
export type NewAssessment = z.infer<typeof newAssessmentSchema>;

const subscaleScoreSchema = z.object({
  id: z.string(),
  title: z.string(),
  score: z.number(),
  max: z.number(),
});

const safetyFlagSchema = z.object({
  itemId: z.string(),
  itemIndex: z.number(),
  value: z.number(),
  reason: z.string(),
});

export const assessmentSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  instrument: z.string(),
  instrumentName: z.string(),
  version: z.string(),
  answeredBy: z.enum(RESPONDENT_KINDS),
  enteredBy: z.uuid().nullable(),
  orderedBy: z.uuid(),
  answeredAt: z.string(),
  recordedAt: z.string(),
  ageYears: z.number(),
  ageOverrideReason: z.string().nullable(),
  answers: z.array(z.number().nullable()),
  itemValues: z.array(z.number().nullable()),
  status: z.enum(['scored', 'invalid']),
  total: z.number().nullable(),
  maxTotal: z.number(),
  band: z.object({ id: z.string(), label: z.string() }).nullable(),
  subscales: z.array(subscaleScoreSchema),
  positiveScreens: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      scope: z.string(),
      score: z.number(),
      atLeast: z.number(),
    }),
  ),
  flags: z.array(safetyFlagSchema),
  invalidReason: z.string().nullable(),
  supersedes: z.uuid().nullable(),
  supersededBy: z.uuid().nullable(),
  correctionReason: z.string().nullable(),
});
export type AssessmentJson = z.infer<typeof assessmentSchema>;

export const assessmentListSchema = z.object({
  assessments: z.array(assessmentSchema),
});

/** An instrument as the clinician's entry form and chart need it: labels
 * (never the published wording), option counts, bands, who may answer. */
export const instrumentSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string(),
  respondents: z.array(z.enum(RESPONDENT_KINDS)),
  ages: z.object({ min: z.number(), max: z.number().nullable() }).nullable(),
  maxTotal: z.number(),
  bands: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      min: z.number(),
      max: z.number(),
    }),
  ),
  items: z.array(
    z.object({
      label: z.string(),
      optionCount: z.number(),
      optional: z.boolean(),
    }),
  ),
  selfReport: z.object({
    allowed: z.boolean(),
    languages: z.array(z.enum(['en', 'es'])),
  }),
  source: z.string(),
  terms: z.string(),
});
export type InstrumentSummary = z.infer<typeof instrumentSummarySchema>;
