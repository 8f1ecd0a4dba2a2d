import { z } from 'zod';

/** Warm handoffs and short behavioral health episodes: the REST bodies. */

export const handoffRequestSchema = z
  .object({
    /** The patient's language for the clinician (defaults to the chart's). */
    language: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/, 'must be a language code')
      .optional(),
    /** The screening alert the PCP had open, if any. */
    alertId: z.uuid().optional(),
    /** Or a screening of the patient to attach without an alert. */
    assessmentId: z.uuid().optional(),
    idempotencyKey: z.string().trim().min(8).max(100).optional(),
  })
  .strict()
  .refine((b) => !(b.alertId && b.assessmentId), {
    path: ['assessmentId'],
    message:
      'send alertId (its screening comes with it) or assessmentId, not both',
  });
export type HandoffRequest = z.infer<typeof handoffRequestSchema>;

export const referralRequestSchema = z
  .object({
    reason: z.string().trim().min(1, 'is required').max(2000),
  })
  .strict();

export const SESSION_MODES = ['video', 'phone', 'in_person'] as const;
export const INTERVENTIONS = [
  'cbt_skills',
  'motivational_interviewing',
  'problem_solving',
  'psychoeducation',
] as const;
/** Instruments a session may give (each takes a clinician interview). */
export const SESSION_INSTRUMENTS = ['phq9', 'gad7', 'phqa', 'epds'] as const;
export const RISK_LEVELS = ['none', 'low', 'moderate', 'high'] as const;
export const EPISODE_OUTCOMES = [
  'resolved_in_primary_care',
  'continued_care_elsewhere',
  'stepped_up_to_psychiatry',
] as const;
export type EpisodeOutcome = (typeof EPISODE_OUTCOMES)[number];

/** A session's short structured note. */
export const sessionNoteSchema = z
  .object({
    mode: z.enum(SESSION_MODES),
    minutes: z.number().int().min(1).max(240),
    focus: z.string().trim().min(1, 'is required').max(500),
    interventions: z
      .array(z.enum(INTERVENTIONS))
      .min(1, 'choose at least one intervention')
      .refine((a) => new Set(a).size === a.length, 'must not repeat'),
    homework: z.string().trim().max(1000).default(''),
    riskLevel: z.enum(RISK_LEVELS),
    /**
     * The screening given at this session (first and last at least): the
     * instrument's item answers, as the clinician asked them (option
     * positions, null for blank). The server scores them and stores a real
     * assessment, answered by the clinician on the patient's behalf; a
     * client total is never an input.
     */
    screening: z
      .object({
        instrument: z.enum(SESSION_INSTRUMENTS),
        items: z.array(z.number().int().min(0).max(9).nullable()).max(40),
      })
      .strict()
      .optional(),
  })
  .strict();
export type SessionNote = z.output<typeof sessionNoteSchema>;

export const episodeReportDraftSchema = z
  .object({
    summary: z.string().max(8000).default(''),
    recommendations: z.string().max(8000).default(''),
  })
  .strict();
export type EpisodeReportDraft = z.output<typeof episodeReportDraftSchema>;

export const closeEpisodeSchema = z
  .object({
    outcome: z.enum(EPISODE_OUTCOMES),
    /** Where care continues, for `continued_care_elsewhere`. */
    referral: z.string().trim().min(1).max(1000).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.outcome === 'continued_care_elsewhere' && !v.referral)
      ctx.addIssue({
        code: 'custom',
        path: ['referral'],
        message: 'say where care continues',
      });
  });
export type CloseEpisode = z.infer<typeof closeEpisodeSchema>;
