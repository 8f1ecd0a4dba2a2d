import type { z } from 'zod';
import { callPushes } from './call-events';
import { handoffEvents } from './handoff-events';
import { msPushes } from './mediasoup-events';
import { queueEvents } from './queue-events';
import { reportEvents } from './report-events';
import { econsultEvents } from './econsult-events';
import { screeningEvents } from './screening-events';
import { sessionEvents } from './session-events';
import { visitPushes } from './visit-events';

/**
 * Every server -> client push, by event name. The server can only send a
 * name listed here with the payload its schema accepts (LiveChannel and the
 * socket.io server are typed from this map), and the client validates what
 * it receives with the same schema. Catalogue: signaling/EVENTS.md.
 */
export const serverPushes = {
  ...sessionEvents,
  ...queueEvents,
  ...callPushes,
  ...visitPushes,
  ...reportEvents,
  ...msPushes,
  ...handoffEvents,
  ...econsultEvents,
  ...screeningEvents,
} as const;

export type PushEvent = keyof typeof serverPushes;

/** What the server may send for `E` (before the schema's defaults). */
export type PushPayload<E extends PushEvent> = z.input<
  (typeof serverPushes)[E]
>;

/** What a client handler gets for `E`, once validated. */
export type PushData<E extends PushEvent> = z.output<(typeof serverPushes)[E]>;

/** socket.io's server-to-client event map, for typed `emit`. */
export type ServerToClientEvents = {
  [E in PushEvent]: (payload: PushPayload<E>) => void;
};
