import { z } from 'zod';

/**
 * The queue settings a program controls (GET and PUT /api/program/settings).
 * Every field has a server-side default, so a program with an empty settings
 * document runs like MCPAP.
 */

/** What an escalation step may relax. The state license is never relaxed: it is the law. */
export const RELAXABLE = ['specialty', 'language'] as const;
export type Relaxable = (typeof RELAXABLE)[number];

export const escalationStepSchema = z.object({
  /** Minutes since the request reached the psychiatrist line. Fractions allowed (tests use seconds). */
  afterMinutes: z
    .number()
    .min(0)
    .max(24 * 60),
  /** Requirements dropped from this step on, on top of the previous steps'. */
  relax: z.array(z.enum(RELAXABLE)).default([]),
});
export type EscalationStep = z.infer<typeof escalationStepSchema>;

/** Each field without its default, so PUT validates exactly what GET describes. */
export const queueSettingsFields = {
  /** Response target: the psychiatrist calls back within this many minutes. */
  targetMinutes: z
    .number()
    .min(1)
    .max(24 * 60),
  /** How long an offer rings before it moves to the next psychiatrist. */
  offerTimeoutSeconds: z.number().min(0.2).max(600),
  /** Requests land with coordinators first (intake) when on. */
  triageEnabled: z.boolean(),
  /** A psychiatrist without the patient's language is eligible when an interpreter can join. */
  interpreterAllowed: z.boolean(),
  /** Widening of the pool while nobody accepts; each step also alerts the coordinators. */
  escalationSteps: z
    .array(escalationStepSchema)
    .max(10)
    .refine(
      (steps) =>
        steps.every(
          (s, i) => i === 0 || s.afterMinutes >= steps[i - 1]!.afterMinutes,
        ),
      'steps must be in increasing afterMinutes order',
    ),
  /** A request nobody took in this long expires (the PCP is told to call again or use other help). */
  expireAfterMinutes: z
    .number()
    .min(1)
    .max(7 * 24 * 60),
  /** A psychiatrist who lets an offer ring out is set to away (they are not at their desk). */
  awayAfterMissedOffer: z.boolean(),
  /** A warm handoff nobody answered in this long becomes a scheduled referral. */
  handoffTargetMinutes: z.number().min(0.05).max(120),
  /** Sessions a short behavioral health episode may hold before close or step up. */
  episodeSessionLimit: z.number().int().min(1).max(20),
  /** Written eConsults: hours to a written reply (the reply clock pauses while the PCP is asked). Past it, coordinators are alerted once. */
  econsultReplyTargetHours: z
    .number()
    .min(0.001)
    .max(30 * 24),
  /** Written eConsults where the program has hours: business days of open time to a written reply (replaces the hours target there). */
  econsultReplyTargetBusinessDays: z.number().min(0.1).max(10),
  /** Written eConsults: an eConsult nobody claimed in this many hours expires and the PCP is told. */
  econsultExpireAfterHours: z
    .number()
    .min(0.001)
    .max(30 * 24),
};

export const queueSettingsSchema = z.object(queueSettingsFields);
export type QueueSettings = z.infer<typeof queueSettingsSchema>;

/** For PUT: every field optional, validated the same way. */
export const queueSettingsPatchSchema = queueSettingsSchema.partial().strict();
export type QueueSettingsPatch = z.infer<typeof queueSettingsPatchSchema>;
