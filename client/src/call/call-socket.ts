import { io, type Socket } from 'socket.io-client';
import type { AckResult } from '../../../signaling/protocol/envelope';
import { CallError } from './call-error';
import type { CallEngineOptions } from './call-engine-types';

/** The app socket to share, or a new one the engine owns (and closes). */
export function openCallSocket(
  o: Pick<CallEngineOptions, 'socket' | 'url' | 'token'>,
): { socket: Socket; owned: boolean } {
  if (o.socket) return { socket: o.socket, owned: false };
  const token = o.token;
  const socket = io(o.url ?? location.origin, {
    transports: ['websocket'],
    auth: (cb) =>
      void Promise.resolve(typeof token === 'function' ? token() : token).then(
        (t) => cb({ token: t }),
      ),
  });
  return { socket, owned: true };
}

/** Resolves once the socket is connected; a refused connection rejects with the server's code. */
export function whenConnected(socket: Socket): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const ok = () => {
      socket.off('connect_error', fail);
      resolve();
    };
    const fail = (
      err: Error & { data?: { code?: string; message?: string } },
    ) => {
      socket.off('connect', ok);
      reject(
        new CallError(
          err.data?.code ?? 'connect_failed',
          err.data?.message ?? err.message,
        ),
      );
    };
    socket.once('connect', ok);
    socket.once('connect_error', fail);
  });
}

/** One acknowledged request; a refusal becomes a CallError with its code. */
export async function requestAck(
  socket: Socket,
  event: string,
  payload: unknown,
): Promise<unknown> {
  const r = (await socket
    .timeout(10_000)
    .emitWithAck(event, payload)) as AckResult;
  if (!r.ok)
    throw new CallError(r.error.code, r.error.message, r.error.details);
  return r.data;
}

/** This engine's peer session: tells the others a reload from a resume. */
export const randomPeerSession = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) =>
    b.toString(36).padStart(2, '0'),
  ).join('');
