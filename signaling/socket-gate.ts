import type { AuditLog } from '../server/audit/audit-log';
import type { Clock } from '../server/clock';
import type { Logger } from '../server/logger';
import { SOCKET_RATE_LIMIT } from './protocol/envelope';
import { isClientRequest } from './protocol/requests';
import type { FloodCooldowns } from './flood-cooldown';
import { FloodGuard } from './flood-guard';
import { ackIdOf, eventNameOf, gateFrames } from './frame-gate';
import type { AppSocket } from './socket-handler';

export interface SocketGateDeps {
  logger: Logger;
  audit: AuditLog;
  /** Milliseconds, for the flood guard (tests pass a fake clock's). */
  now?: () => number;
  /** Counts flood disconnects (server/metrics). */
  metrics?: { socketFloods: { inc(): void } };
  /** Where flood disconnects are remembered (see floodKey). */
  cooldown?: FloodCooldowns;
  /** Server time, which the cooldown is kept in (default: Date.now). */
  clock?: Clock;
}

/** A user's flood cooldown key (the `sub` of their access token). */
export const userFloodKey = (userId: string) => `user:${userId}`;

/**
 * What a flood cooldown is keyed by: the user, or the visitor (one invited
 * participant), never the login session: signing in again gives a new
 * session, and must not give a flooder a fresh start.
 */
export function floodKey(data: AppSocket['data']): string | null {
  const id = data.identity;
  if (!id) return null;
  return id.kind === 'user'
    ? userFloodKey(id.userId)
    : `visitor:${id.participantId}`;
}

type ErrorBody = { code: string; message: string };

/**
 * What every socket passes before a module sees its message: the flood
 * guard, then a check that someone serves the event. socket.io silently drops
 * an event with no listener, so a request for an event the socket's role
 * lacks would wait for the client's timeout; here it is answered instead
 * (EVENTS.md: every request is answered). Install before the modules register.
 */
export function gateSocket(socket: AppSocket, deps: SocketGateDeps): void {
  const now = deps.now ?? Date.now;
  const guard = new FloodGuard(SOCKET_RATE_LIMIT, now());
  const answer = (packet: unknown[], error: ErrorBody) => {
    const ack = packet[packet.length - 1];
    if (typeof ack === 'function') ack({ ok: false, error });
    else socket.emit('app:error', { ...error, event: String(packet[0]) });
  };
  gateFrames(socket.conn, () => guard.admit(now()), {
    warn: (frame) => warnOverBudget(socket, frame),
    cut: () => disconnectFlooder(socket, deps),
  });
  socket.use((packet, next) => {
    const event = String(packet[0]);
    if (socket.listeners(event).length > 0) return next();
    // Nothing to answer without an ack: replying would be one message out
    // per message in.
    if (typeof packet[packet.length - 1] !== 'function') return;
    answer(
      packet,
      isClientRequest(event)
        ? {
            code: 'event_not_allowed',
            message: `This connection cannot send "${event.slice(0, 60)}": not for your role, or not enabled on this server.`,
          }
        : {
            code: 'unknown_event',
            message: 'This message is not part of the protocol.',
          },
    );
  });
}

const RATE_LIMITED: ErrorBody = {
  code: 'rate_limited',
  message: 'Too many messages. Slow down and try again in a moment.',
};

/** The one answer a dropped frame gets per warning period. */
function warnOverBudget(socket: AppSocket, frame: string) {
  const id = ackIdOf(frame);
  if (id === null) {
    socket.emit('app:error', { ...RATE_LIMITED, event: eventNameOf(frame) });
    return;
  }
  // The frame was never decoded, so socket.io made no ack callback for it:
  // the same one, from its id (socket.io's Socket#ack).
  const acks = socket as unknown as {
    ack(id: number): (reply: unknown) => void;
  };
  acks.ack(id)({ ok: false, error: RATE_LIMITED });
}

function disconnectFlooder(socket: AppSocket, deps: SocketGateDeps) {
  const id = socket.data.identity;
  const who =
    id?.kind === 'user'
      ? { userId: id.userId, role: id.role }
      : { actorLabel: 'patient-visit' };
  deps.logger.warn({ ...who }, 'socket disconnected for flooding');
  deps.metrics?.socketFloods.inc();
  const key = floodKey(socket.data);
  const now = deps.clock ? deps.clock.now().getTime() : Date.now();
  if (key) deps.cooldown?.add(key, now);
  deps.audit
    .record({
      action: 'socket.flood_disconnected',
      outcome: 'denied',
      ...who,
      clientIp: socket.handshake.address,
    })
    .catch(() => undefined);
  socket.emit('app:error', {
    code: 'flood_disconnected',
    message:
      'This connection sent too many messages after warnings and was closed.',
  });
  stopReading(socket);
  socket.disconnect(true);
}

/** What engine.io's WebSocket transport holds: a `ws` WebSocket. */
interface RawWebSocket {
  pause(): void;
  terminate(): void;
}

/**
 * A flooder's frames already on their way would otherwise be read and
 * parsed for nothing until its client answers the close (bench:abuse saw
 * 2,000-8,000 frames sent per flood, most of them after the disconnect, and
 * the server's event loop held up to 0.5 s): stop reading its connection at
 * once, and drop it once the goodbye above has had time to go out.
 */
function stopReading(socket: AppSocket) {
  const transport = (socket.conn as unknown as { transport?: unknown })
    .transport as { socket?: Partial<RawWebSocket> } | undefined;
  const ws = transport?.socket;
  if (typeof ws?.pause !== 'function') return;
  ws.pause();
  setTimeout(() => ws.terminate?.(), 1000).unref();
}
