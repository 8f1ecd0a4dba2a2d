import { z } from 'zod';

/**
 * Server -> client events about written eConsults. Ids and counts only, never
 * a patient's name or the message text: the client fetches those over REST,
 * where access is decided and audited.
 */
export const econsultEvents = {
  /** The pool changed: an eConsult was added, claimed, cancelled or expired. */
  'econsult:pool': z.object({
    consultId: z.uuid(),
    change: z.enum(['added', 'claimed', 'removed']),
  }),
  /** A clarification message was posted on an eConsult you are part of. */
  'econsult:message': z.object({
    consultId: z.uuid(),
    messageId: z.uuid(),
    kind: z.enum(['question', 'answer']),
    /** Messages addressed to you that you have not read yet (the badge). */
    unread: z.number().int().min(0),
  }),
  /** Coordinators: an eConsult passed its program's reply target (once). */
  'econsult:overdue': z.object({
    consultId: z.uuid(),
    status: z.enum(['pooled', 'claimed']),
    targetHours: z.number(),
  }),
  /** The requesting PCP: nobody claimed the eConsult in time; it expired. */
  'econsult:expired': z.object({ consultId: z.uuid() }),
} as const;
export type EconsultMessagePush = z.infer<
  (typeof econsultEvents)['econsult:message']
>;
