import { callRequests } from './call-events';
import { msRequests } from './mediasoup-events';
import { queueRequests } from './queue-events';
import { visitRequests } from './visit-events';

/**
 * Every client -> server request in the wire contract, by event name. A
 * socket that sends one its role (or this server's media backend) does not
 * serve is answered `event_not_allowed`; any other name `unknown_event`.
 */
export const clientRequests = {
  ...queueRequests,
  ...callRequests,
  ...visitRequests,
  ...msRequests,
} as const;

export type ClientRequestEvent = keyof typeof clientRequests;

export const isClientRequest = (event: string): event is ClientRequestEvent =>
  Object.hasOwn(clientRequests, event);
