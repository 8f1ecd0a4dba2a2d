import { io, type Socket } from 'socket.io-client';
import { serverPushes } from '../../../signaling/protocol/pushes';
import {
  visitPushes,
  type VisitorState,
} from '../../../signaling/protocol/visit-events';

/**
 * The visitor's one socket, authenticated with the visit token. The waiting
 * room listens on it for the visitor's own state, and the call engine shares
 * it once they are admitted.
 */
export function openVisitorSocket(
  token: string,
  handlers: { onState(s: VisitorState): void; onEnded(reason: string): void },
): Socket {
  const socket = io(location.origin, {
    transports: ['websocket'],
    auth: { token },
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });
  socket.on('visit:state', (raw: unknown) => {
    const parsed = visitPushes['visit:state'].safeParse(raw);
    if (parsed.success) handlers.onState(parsed.data);
  });
  // A state change missed while offline is caught up on every (re)connect.
  socket.on('connect', () => {
    socket.emit('visit:my-state', {}, (r: { ok: boolean; data?: unknown }) => {
      const parsed = r.ok ? visitPushes['visit:state'].safeParse(r.data) : null;
      if (parsed?.success) handlers.onState(parsed.data);
    });
  });
  socket.on('session:ended', (raw: unknown) => {
    const parsed = serverPushes['session:ended'].safeParse(raw);
    handlers.onEnded(parsed.success ? parsed.data.reason : 'revoked');
  });
  socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
    const code = err.data?.code ?? '';
    if (code.startsWith('visit_token_')) handlers.onEnded(code);
  });
  return socket;
}
