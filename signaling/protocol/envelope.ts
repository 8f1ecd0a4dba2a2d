import { z } from 'zod';

/**
 * The wire conventions every socket event follows, shared by server and client.
 * Client requests carry an ack callback; the server answers with an AckResult.
 */
export const errorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export type AckResult<T = unknown> =
  | { ok: true; data: T }
  | { ok: false; error: ErrorBody };

/** Socket.io's default is 1 MB; signaling messages are a few KB at most. */
export const MAX_SOCKET_PAYLOAD_BYTES = 16 * 1024;

/**
 * Per-socket budget: a token bucket refilled at this rate with this burst.
 * Over it, one `rate_limited` warning per `warnEveryMs`; after `maxWarnings`
 * warnings without `calmMs` of quiet, or `maxDropsPerWarning` messages
 * dropped within one warning period, the socket is disconnected, and its
 * user (or visitor) may not open another for the server's
 * SOCKET_FLOOD_COOLDOWN_SECONDS (30 by default), whatever the session.
 */
export const SOCKET_RATE_LIMIT = {
  perSecond: 50,
  burst: 100,
  warnEveryMs: 1000,
  maxWarnings: 3,
  calmMs: 10_000,
  maxDropsPerWarning: 100,
  /** A refused reconnect during the cooldown is answered after this long. */
  cooldownRefusalDelayMs: 1000,
} as const;
