import type { PushEvent, PushPayload } from '../../signaling/protocol/pushes';
import type { Role } from '../auth/roles';

/**
 * Pushes live events to people, whatever instance their socket is on. The
 * signaling server implements it over socket.io rooms (Redis-adapted when
 * REDIS_URL is set); domain code only knows this interface. Events and their
 * payloads are the wire contract's (signaling/protocol/pushes.ts), so a
 * misspelt event or a wrong payload does not compile.
 */
export interface LiveChannel {
  toUser<E extends PushEvent>(
    userId: string,
    event: E,
    payload: PushPayload<E>,
  ): void;
  /** Everyone of a role (or of several roles, in one broadcast) in a program, e.g. all coordinators. */
  toRole<E extends PushEvent>(
    programId: string,
    role: Role | readonly Role[],
    event: E,
    payload: PushPayload<E>,
  ): void;
  /** Every socket joined to a named room (a consult's watchers, a call). */
  toRoom<E extends PushEvent>(
    room: string,
    event: E,
    payload: PushPayload<E>,
  ): void;
  /** Close every socket of a login session (logout), on any instance. */
  disconnectSession(sessionId: string): void;
}

/** Used until signaling attaches, and by tests of REST-only behaviour. */
export class BufferedLiveChannel implements LiveChannel {
  readonly sent: { target: string; event: PushEvent; payload: unknown }[] = [];
  private delegate: LiveChannel | null = null;

  attach(delegate: LiveChannel): void {
    this.delegate = delegate;
  }
  toUser<E extends PushEvent>(
    userId: string,
    event: E,
    payload: PushPayload<E>,
  ): void {
    this.delegate
      ? this.delegate.toUser(userId, event, payload)
      : this.keep(`user:${userId}`, event, payload);
  }
  toRole<E extends PushEvent>(
    programId: string,
    role: Role | readonly Role[],
    event: E,
    payload: PushPayload<E>,
  ): void {
    if (this.delegate) {
      this.delegate.toRole(programId, role, event, payload);
      return;
    }
    for (const r of typeof role === 'string' ? [role] : role)
      this.keep(`role:${programId}:${r}`, event, payload);
  }
  toRoom<E extends PushEvent>(
    room: string,
    event: E,
    payload: PushPayload<E>,
  ): void {
    this.delegate
      ? this.delegate.toRoom(room, event, payload)
      : this.keep(room, event, payload);
  }
  disconnectSession(sessionId: string): void {
    this.delegate?.disconnectSession(sessionId);
  }
  private keep(target: string, event: PushEvent, payload: unknown): void {
    if (this.sent.length > 1000) this.sent.shift();
    this.sent.push({ target, event, payload });
  }
}
