import { z } from 'zod';
import { REGISTRY_FLAGS } from './registry-flags';
import { REGISTRY_SORTS } from './registry-row';

/** The registry's wire shapes (OpenAPI and the client read them). */
const scorePoint = z.object({ total: z.number(), at: z.string() }).nullable();

export const registryRowSchema = z.object({
  patientId: z.uuid(),
  enrollmentId: z.uuid(),
  kind: z.enum(['cocm', 'bhi']),
  patientName: z.string(),
  practiceId: z.uuid(),
  practiceName: z.string(),
  pcpId: z.uuid(),
  pcpName: z.string(),
  careManagerId: z.uuid(),
  careManagerName: z.string(),
  consultantId: z.uuid(),
  instrument: z.string(),
  startedOn: z.string(),
  baseline: scorePoint,
  latest: scorePoint,
  percentChange: z.number().nullable(),
  weeksInTreatment: z.number().int(),
  lastContactAt: z.string().nullable(),
  contacts: z.number().int(),
  minutesThisMonth: z.number().int(),
  thresholdMinutes: z.number().int(),
  nextContactOn: z.string().nullable(),
  lastReviewAt: z.string().nullable(),
  lastRecommendation: z.string().nullable(),
  flags: z.array(z.enum(REGISTRY_FLAGS)),
});

export const registryPageSchema = z.object({
  total: z.number().int(),
  month: z.string(),
  rows: z.array(registryRowSchema),
  flagCounts: z.record(z.string(), z.number().int()),
});

export const registryQuerySchema = z.object({
  flag: z.enum(REGISTRY_FLAGS).optional(),
  careManagerId: z.uuid().optional(),
  pcpId: z.uuid().optional(),
  practiceId: z.uuid().optional(),
  sort: z.enum(REGISTRY_SORTS).default('needs_review'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
