import { z } from 'zod';

/**
 * The Twilio webhook payloads we act on, as typed events. Twilio sends many
 * more fields; only these are read, and each is checked.
 */
const callSid = z
  .string()
  .regex(/^CA[0-9a-fA-F]{32}$/, 'must be a Twilio CallSid');

export const twilioEventSchemas = {
  /** A call reached our number (dial-in), or a Gather posted the digits typed. */
  'voice.incoming': z.object({
    CallSid: callSid,
    Digits: z
      .string()
      .regex(/^[0-9]*$/)
      .optional(),
  }),
  /** Conference participant events (statusCallbackEvent join/leave). */
  'voice.conference': z.object({
    CallSid: callSid.optional(),
    FriendlyName: z.string().min(1),
    StatusCallbackEvent: z.string().min(1),
  }),
  /** Call status callback of a call we placed. */
  'voice.call_status': z.object({
    CallSid: callSid,
    CallStatus: z.enum([
      'queued',
      'initiated',
      'ringing',
      'in-progress',
      'completed',
      'busy',
      'failed',
      'no-answer',
      'canceled',
    ]),
    CallDuration: z.coerce.number().int().min(0).optional(),
  }),
  /** Message status callback of a text we sent. */
  'sms.status': z.object({
    MessageSid: z
      .string()
      .regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'must be a Twilio MessageSid'),
    MessageStatus: z.string().min(1),
    ErrorCode: z.string().optional(),
  }),
} as const;

export type TwilioEventKind = keyof typeof twilioEventSchemas;
export type TwilioEvent<K extends TwilioEventKind> = z.output<
  (typeof twilioEventSchemas)[K]
>;

export const CALL_ENDED_STATUSES = new Set([
  'completed',
  'busy',
  'failed',
  'no-answer',
  'canceled',
]);
