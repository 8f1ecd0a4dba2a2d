import { z } from 'zod';

/** Server -> client events about the socket's own session. */
export const sessionEvents = {
  /** The access token expired or the session was revoked: sign in again (or refresh and reconnect). */
  'session:ended': z.object({
    reason: z.enum(['expired', 'revoked', 'logout']),
  }),
  /** A request was refused outside an ack (rate limit, oversize, unknown event). */
  'app:error': z.object({
    code: z.string(),
    message: z.string(),
    event: z.string().optional(),
  }),
} as const;
