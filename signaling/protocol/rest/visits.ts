import { z } from 'zod';
import { VISITOR_ROLES } from '../identities';
import { visitStatusSchema } from '../statuses';
import { lobbyParticipantSchema } from '../visit-events';

/** A consult's virtual visits over REST: invite people, read the visit and its waiting room. */

export const e164 = z
  .string()
  .trim()
  .regex(
    /^\+[1-9]\d{6,14}$/,
    'must be a phone number in international form, such as +15555550100',
  );

export const newVisitSchema = z.object({
  /** ISO time, or omitted for "now". */
  scheduledAt: z.iso
    .datetime({
      offset: true,
      message: 'must be an ISO date-time such as 2025-03-01T15:00:00Z',
    })
    .optional(),
});

export const newParticipantSchema = z.object({
  role: z.enum(VISITOR_ROLES),
  displayName: z.string().trim().min(1, 'is required').max(120),
  language: z.enum(['en', 'es']).default('en'),
  phone: e164.optional(),
  /** The clinician confirms the person agreed to receive texts (asked by phone or in person). */
  smsConsent: z.boolean().optional(),
  /** Invite lifetime override, in minutes. */
  inviteTtlMinutes: z
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60)
    .optional(),
});

export const participantViewSchema = lobbyParticipantSchema;
export type ParticipantView = z.infer<typeof participantViewSchema>;

export const phoneLegViewSchema = z.object({
  callSid: z.string(),
  direction: z.enum(['dial_in', 'dial_out']),
  /** The invitee rung by a dial-out; null for a dial-in caller or a clinician's own phone. */
  participantId: z.uuid().nullable(),
  /** The last word on it: `code_accepted` (a dial-in caller typed the code, on hold), `ringing`, `in-progress` (Twilio's call status), `conference_join` ... */
  status: z.string(),
});
export type PhoneLegView = z.infer<typeof phoneLegViewSchema>;

export const visitViewSchema = z.object({
  id: z.uuid(),
  consultId: z.uuid(),
  status: visitStatusSchema,
  scheduledAt: z.string(),
  phoneCode: z.string(),
  /** The number callers dial (then the code); null when phone is not set up here. */
  dialInNumber: z.string().nullable().optional(),
  participants: z.array(participantViewSchema),
  /** Phone legs still on the line. */
  phoneLegs: z.array(phoneLegViewSchema),
});
export type VisitView = z.infer<typeof visitViewSchema>;

export const inviteViewSchema = z.object({
  participantId: z.uuid(),
  url: z.string(),
  expiresAt: z.string(),
  channel: z.enum(['link', 'sms']),
});
