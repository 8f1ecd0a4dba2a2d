import type { z } from 'zod';
import {
  queueSettingsFields,
  queueSettingsSchema,
  type QueueSettings,
} from '../../signaling/protocol/rest/program-settings';

// The settings' wire shape lives in the wire contract; defaults and the
// tolerant reading of stored settings are the server's.
export {
  RELAXABLE,
  escalationStepSchema,
  queueSettingsPatchSchema,
  queueSettingsSchema,
  type EscalationStep,
  type QueueSettings,
  type QueueSettingsPatch,
  type Relaxable,
} from '../../signaling/protocol/rest/program-settings';

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
  handoffTargetMinutes: 10,
  episodeSessionLimit: 3,
  // Without program hours: 24 wall hours; with them, one business day.
  econsultReplyTargetHours: 24,
  econsultReplyTargetBusinessDays: 1,
  econsultExpireAfterHours: 72,
} satisfies z.input<typeof queueSettingsSchema>;

/** Unknown or invalid stored keys fall back to defaults instead of stopping the queue. */
export function parseQueueSettings(stored: unknown): QueueSettings {
  const raw =
    stored && typeof stored === 'object'
      ? (stored as Record<string, unknown>)
      : {};
  const out: Record<string, unknown> = { ...DEFAULT_QUEUE_SETTINGS };
  for (const [key, field] of Object.entries(queueSettingsFields)) {
    const parsed = (field as z.ZodType).safeParse(raw[key]);
    if (parsed.success) out[key] = parsed.data;
  }
  return queueSettingsSchema.parse(out);
}
