import { z } from 'zod';
import { SPECIALTIES } from '../identities';
import { availabilitySchema } from '../statuses';

/**
 * The coordinator/admin view of the live queue (GET /api/queue and the
 * `queue:board` socket request): each request's wait against the target,
 * offers in flight, requests in triage and psychiatrists on duty.
 */

const boardRequestSchema = z.object({
  consultId: z.uuid(),
  /** 1-based place in the psychiatrist line. */
  position: z.number().int(),
  status: z.enum(['queued', 'offered']),
  emergency: z.boolean(),
  urgency: z.string(),
  consultType: z.string(),
  specialty: z.enum(SPECIALTIES),
  language: z.string(),
  patientState: z.string(),
  frontOfLine: z.boolean(),
  waitedMinutes: z.number(),
  targetMinutes: z.number(),
  overTarget: z.boolean(),
  escalationLevel: z.number().int(),
  /** Psychiatrists who declined or missed it. */
  triedBy: z.array(z.string()),
  offer: z
    .object({
      offerId: z.uuid(),
      psychiatristId: z.uuid(),
      psychiatristName: z.string().nullable(),
      expiresAt: z.string(),
    })
    .nullable(),
});

const triageRequestSchema = z.object({
  consultId: z.uuid(),
  consultType: z.string(),
  reasonCategories: z.array(z.string()),
  urgency: z.string(),
  emergency: z.boolean(),
  createdAt: z.string(),
  waitedMinutes: z.number(),
});

const onDutyPsychiatristSchema = z.object({
  id: z.uuid(),
  displayName: z.string(),
  availability: availabilitySchema,
  connected: z.boolean(),
  /** The consult ringing for them, if any. */
  ringingFor: z.uuid().nullable(),
  idleSince: z.string().nullable(),
  specialties: z.array(z.enum(SPECIALTIES)),
  licensedStates: z.array(z.string()),
  languages: z.array(z.string()),
});

export const queueBoardSchema = z.object({
  programId: z.uuid(),
  generatedAt: z.string(),
  targetMinutes: z.number(),
  offerTimeoutSeconds: z.number(),
  triageEnabled: z.boolean(),
  requests: z.array(boardRequestSchema),
  triage: z.array(triageRequestSchema),
  offersInFlight: z.number().int(),
  onDuty: z.object({
    available: z.number().int(),
    onDuty: z.number().int(),
  }),
  psychiatrists: z.array(onDutyPsychiatristSchema),
});
export type QueueBoard = z.infer<typeof queueBoardSchema>;
