import type { Socket } from 'socket.io-client';
import {
  callPushes,
  type CallPushes,
} from '../../../signaling/protocol/call-events';
import { CallError } from './call-error';

export type CallPushHandlers = {
  [K in keyof CallPushes]: (p: CallPushes[K]) => void;
};

/** How the engine reads pushes: its call, and the queue used while joining. */
export interface PushGate {
  callId(): string | null;
  /** While joining: where pushes wait until the join answer is held. */
  early(): (() => void)[] | null;
  malformed(err: CallError): void;
}

/**
 * Subscribes to the server's call pushes: each is validated, queued while
 * the join is in flight, and dropped unless it is about our call. Returns
 * the unsubscribers.
 */
export function listenForCallPushes(
  socket: Socket,
  gate: PushGate,
  handlers: Partial<CallPushHandlers>,
): (() => void)[] {
  const detach: (() => void)[] = [];
  for (const event of Object.keys(handlers) as (keyof CallPushes)[]) {
    const fn = handlers[event] as (p: unknown) => void;
    const handler = (raw: unknown) => {
      const early = gate.early();
      if (early) {
        early.push(() => handler(raw));
        return;
      }
      const parsed = callPushes[event].safeParse(raw);
      if (!parsed.success)
        return gate.malformed(
          new CallError('bad_push', `Ignored a malformed "${event}".`),
        );
      if (parsed.data.callId !== gate.callId()) return;
      fn(parsed.data);
    };
    socket.on(event as string, handler);
    detach.push(() => socket.off(event as string, handler));
  }
  return detach;
}
