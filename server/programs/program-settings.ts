import { z } from 'zod';

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

/**
 * The queue settings a program controls. Every field has a default, so a
 * program with an empty settings document runs like MCPAP.
 */
/** Each field without its default, so PUT validates exactly what GET describes. */
const fields = {
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
};

export const DEFAULT_QUEUE_SETTINGS = {
  targetMinutes: 30,
  offerTimeoutSeconds: 30,
  triageEnabled: false,
  interpreterAllowed: true,
  escalationSteps: [
    { afterMinutes: 10, relax: ['specialty'] },
    { afterMinutes: 20, relax: ['specialty', 'language'] },
  ],
  expireAfterMinutes: 240,
  awayAfterMissedOffer: true,
} satisfies { [K in keyof typeof fields]: z.input<(typeof fields)[K]> };

export const queueSettingsSchema = z.object(fields);
export type QueueSettings = z.infer<typeof queueSettingsSchema>;

/** For PUT: every field optional, validated the same way. */
export const queueSettingsPatchSchema = queueSettingsSchema.partial().strict();
export type QueueSettingsPatch = z.infer<typeof queueSettingsPatchSchema>;

/** Unknown or invalid stored keys fall back to defaults instead of stopping the queue. */
export function parseQueueSettings(stored: unknown): QueueSettings {
  const raw =
    stored && typeof stored === 'object'
      ? (stored as Record<string, unknown>)
      : {};
  const out: Record<string, unknown> = { ...DEFAULT_QUEUE_SETTINGS };
  for (const [key, field] of Object.entries(fields)) {
    const parsed = (field as z.ZodType).safeParse(raw[key]);
    if (parsed.success) out[key] = parsed.data;
  }
  return queueSettingsSchema.parse(out);
}
