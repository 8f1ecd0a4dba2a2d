import type { Server, Socket } from 'socket.io';
import type { ZodError, z } from 'zod';
import {
  isStoreUnavailable,
  storeUnavailable,
} from '../server/db/store-unavailable';
import { AppError } from '../server/errors';
import type { Logger } from '../server/logger';
import type { AckResult } from './protocol/envelope';
import type { ServerToClientEvents } from './protocol/pushes';
import type { SocketData, SocketIdentity } from './socket-identity';

/** Requests are validated by onRequest; what the server emits is the contract's push map. */
export type AppSocket = Socket<
  Record<string, (...args: any[]) => void>,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

/** The socket.io server with the same typing, as socket modules see it. */
export type AppServer = Server<
  Record<string, (...args: any[]) => void>,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

type Ack = (result: AckResult) => void;

/**
 * Registers one client->server event: validates the payload with its zod
 * schema, runs the handler, and answers the ack with data or a coded error.
 * Every socket module uses this, so no event goes unvalidated.
 */
export function onRequest<S extends z.ZodType, R>(
  socket: AppSocket,
  logger: Logger,
  event: string,
  schema: S,
  handler: (payload: z.output<S>, identity: SocketIdentity) => Promise<R> | R,
): void {
  socket.on(event, async (payload: unknown, maybeAck?: unknown) => {
    const ack: Ack =
      typeof maybeAck === 'function'
        ? (maybeAck as Ack)
        : typeof payload === 'function'
          ? (payload as Ack)
          : () => undefined;
    const input = typeof payload === 'function' ? undefined : payload;
    try {
      const parsed = schema.safeParse(input ?? {});
      if (!parsed.success) throw toValidationError(parsed.error, event);
      const data = await handler(parsed.data, socket.data.identity);
      ack({ ok: true, data: data ?? null });
    } catch (caught) {
      // The database unreachable (restarting): retryable, not our fault.
      const err = isStoreUnavailable(caught) ? storeUnavailable() : caught;
      if (err instanceof AppError) {
        ack({
          ok: false,
          error: {
            code: err.code,
            message: err.message,
            ...(err.details === undefined ? {} : { details: err.details }),
          },
        });
      } else {
        logger.error({ err, event }, 'socket handler failed');
        ack({
          ok: false,
          error: {
            code: 'internal_error',
            message: 'Something went wrong on our side. Please try again.',
          },
        });
      }
    }
  });
}

function toValidationError(err: ZodError, event: string): AppError {
  const details = err.issues.map((i) => ({
    field: i.path.join('.') || 'payload',
    message: i.message,
  }));
  return new AppError(
    'invalid',
    'validation_failed',
    `The "${event}" message is not valid: ${details[0]?.field}: ${details[0]?.message}`,
    details,
  );
}
