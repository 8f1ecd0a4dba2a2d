import { z } from 'zod';
import { VISITOR_ROLES } from './identities';
import { VISIT_PARTICIPANT_STATES, visitStatusSchema } from './statuses';

/**
 * The waiting-room wire format, shared by the server (signaling/visit-module.ts)
 * and the web clients (clinician lobby, client/src/patient/). Catalogue: signaling/EVENTS.md.
 */
export { VISIT_PARTICIPANT_STATES, VISITOR_ROLES };

// ---- client -> server (acknowledged) ----

const visitRef = z.object({ visitId: z.uuid() });
const participantRef = visitRef.extend({ participantId: z.uuid() });

export const visitRequests = {
  /** Clinician: follow a visit's waiting room (ack: the visit with every invitee). */
  'visit:watch': visitRef,
  'visit:unwatch': visitRef,
  /** Clinician: let a waiting person into the call. */
  'visit:admit': participantRef,
  /** Clinician: back to the waiting room (they leave the call). */
  'visit:return-to-waiting': participantRef,
  /** Clinician: remove from the visit; their links and token stop working. */
  'visit:remove': participantRef.extend({
    reason: z
      .string()
      .regex(/^[a-z_]{1,60}$/)
      .optional(),
  }),
  /** Visitor: my own state (ack: visitorStateSchema). */
  'visit:my-state': z.object({}).optional(),
} as const;

// ---- server -> client pushes ----

export const visitorStateSchema = z.object({
  /** The visitor's own visit (to join its call once admitted). */
  visitId: z.uuid(),
  participantId: z.uuid(),
  role: z.enum(VISITOR_ROLES),
  language: z.enum(['en', 'es']),
  state: z.enum(VISIT_PARTICIPANT_STATES),
  visitStatus: visitStatusSchema,
  scheduledAt: z.string(),
  identityConfirmed: z.boolean(),
  consentsNeeded: z.array(z.string()),
  patientIsMinor: z.boolean(),
  /** A parent or guardian has already consented for the minor in this visit. */
  guardianConsented: z.boolean(),
  audioOnly: z.boolean(),
  removedReason: z.string().nullable(),
  /**
   * The phone fallback when video fails: call `number` (E.164) and type `code`.
   * Null until the visitor's identity is confirmed, when the visit is over, or
   * where phone dial-in is not set up.
   */
  dialIn: z.object({ number: z.string(), code: z.string() }).nullable(),
});
export type VisitorState = z.infer<typeof visitorStateSchema>;

export const lobbyParticipantSchema = z.object({
  participantId: z.uuid(),
  role: z.enum(VISITOR_ROLES),
  displayName: z.string(),
  confirmedName: z.string().nullable(),
  relationship: z.string().nullable(),
  language: z.enum(['en', 'es']),
  state: z.enum(VISIT_PARTICIPANT_STATES),
  stateChangedAt: z.string(),
  identityConfirmed: z.boolean(),
  consents: z.array(z.string()),
  /** Why they cannot be admitted yet (empty when they can). */
  blockers: z.array(z.string()),
  audioOnly: z.boolean(),
  hasPhone: z.boolean(),
  smsConsent: z.boolean(),
});

export const visitPushes = {
  /** To the visit's clinicians (watchers): everyone invited and where they are. */
  'visit:lobby': z.object({
    visitId: z.uuid(),
    status: visitStatusSchema,
    participants: z.array(lobbyParticipantSchema),
  }),
  /** To one visitor only: their own state (admitted -> join the call; removed -> leave). */
  'visit:state': visitorStateSchema,
  /** To the visit's clinicians: a phone leg rang, joined, left or failed. */
  'visit:phone': z.object({
    visitId: z.uuid(),
    callSid: z.string(),
    direction: z.enum(['dial_in', 'dial_out']),
    status: z.string(),
  }),
} as const;
