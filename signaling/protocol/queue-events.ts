import { z } from 'zod';
import { availabilitySchema, consultStatusSchema } from './statuses';

/**
 * The consult queue's socket events, shared by server and web client.
 * Names follow TaskRouter: an offer is a reservation of one request for one
 * psychiatrist; availability is the psychiatrist's activity.
 */

export { availabilitySchema };

/** Client -> server requests (with ack). */
export const queueRequests = {
  /** A psychiatrist chooses an availability. `busy` is set by the queue itself while in a consult. */
  'queue:set-availability': z
    .object({ status: z.enum(['available', 'away', 'offline']) })
    .strict(),
  /** Accept the ringing offer. Ack data: { consultId, status: 'accepted' }. */
  'queue:accept': z.object({ offerId: z.uuid() }).strict(),
  /** Decline the ringing offer; it goes to the next eligible psychiatrist. */
  'queue:decline': z
    .object({
      offerId: z.uuid(),
      reason: z.enum(['busy', 'not_my_specialty', 'other']).default('other'),
    })
    .strict(),
  /** A psychiatrist's own state: availability and any ringing offer (re-sent after a reconnect). */
  'queue:my-state': z.object({}).strict(),
  /** Coordinators and admins: the live queue board (same as GET /api/queue). */
  'queue:board': z.object({}).strict(),
} as const;

export const offerSummarySchema = z.object({
  consultType: z.string(),
  contactMode: z.string(),
  urgency: z.string(),
  emergency: z.boolean(),
  reasonCategories: z.array(z.string()),
  specialty: z.string(),
  language: z.string(),
  patientState: z.string(),
  patientAgeYears: z.number(),
});

/** Server -> client pushes. */
export const queueEvents = {
  /** To the requesting PCP: live status of their request. Sent on every change and when the line moves. */
  'queue:consult-status': z.object({
    consultId: z.uuid(),
    status: consultStatusSchema,
    /** 1-based place in the psychiatrist line while waiting, else null. */
    position: z.number().int().nullable(),
    queueLength: z.number().int().nullable(),
    /** Minutes until a psychiatrist accepts, from recent service; null when nobody is on duty or not waiting. */
    estimatedWaitMinutes: z.number().nullable(),
    targetMinutes: z.number(),
    waitedMinutes: z.number(),
    noPsychiatristOnDuty: z.boolean(),
    /** Someone is on duty, but none who could take this request (all who could declined it): no estimate. */
    noEligiblePsychiatrist: z.boolean(),
    emergency: z.boolean(),
    urgency: z.enum(['routine', 'urgent']),
    /** Set once accepted: the PCP joins the call room of this consult with this psychiatrist. */
    assignedPsychiatrist: z
      .object({ id: z.uuid(), displayName: z.string() })
      .nullable(),
    /** 911 / 988 guidance, for requests flagged as emergencies. */
    crisisGuidance: z.string().nullable(),
    /** Why it last changed, e.g. offer_declined, psychiatrist_disconnected. */
    reason: z.string().nullable(),
    /** One sentence the PCP can read. */
    message: z.string(),
  }),
  /** To a psychiatrist: a request is ringing for them until expiresAt. */
  'queue:offer': z.object({
    offerId: z.uuid(),
    consultId: z.uuid(),
    offeredAt: z.string(),
    expiresAt: z.string(),
    ringSeconds: z.number(),
    escalationLevel: z.number().int(),
    summary: offerSummarySchema,
  }),
  /** To a psychiatrist: the offer stopped ringing for them. */
  'queue:offer-withdrawn': z.object({
    offerId: z.uuid(),
    consultId: z.uuid(),
    reason: z.enum([
      'timed_out',
      'declined',
      'cancelled',
      'expired',
      'psychiatrist_disconnected',
      'psychiatrist_unavailable',
    ]),
  }),
  /** To a psychiatrist: their availability changed (by them elsewhere, or by the queue: busy, away after a missed offer, offline after disconnect). */
  'queue:availability': z.object({
    status: availabilitySchema,
    reason: z.string(),
  }),
  /** To coordinators and admins of the program: a request changed status. */
  'queue:changed': z.object({
    consultId: z.uuid(),
    from: consultStatusSchema.nullable(),
    to: consultStatusSchema,
    reason: z.string(),
    at: z.string(),
    emergency: z.boolean(),
    urgency: z.string(),
  }),
  /** To coordinators and admins: nobody accepted in time, the pool widened. */
  'queue:escalated': z.object({
    consultId: z.uuid(),
    level: z.number().int(),
    relaxed: z.array(z.string()),
    waitedMinutes: z.number(),
  }),
  /** To coordinators and admins: a request waited past the program's target. */
  'queue:sla-breached': z.object({
    consultId: z.uuid(),
    waitedMinutes: z.number(),
    targetMinutes: z.number(),
  }),
  /** To coordinators and admins: a request flagged as an emergency arrived. */
  'queue:emergency': z.object({
    consultId: z.uuid(),
    crisisGuidance: z.string(),
  }),
} as const;

export type ConsultStatusEvent = z.infer<
  (typeof queueEvents)['queue:consult-status']
>;
export type OfferEvent = z.infer<(typeof queueEvents)['queue:offer']>;
export type OfferWithdrawnEvent = z.infer<
  (typeof queueEvents)['queue:offer-withdrawn']
>;
