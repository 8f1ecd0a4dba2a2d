import type { Role } from '../auth/roles';

/**
 * Pushes live events to people, whatever instance their socket is on. The
 * signaling server implements it over socket.io rooms (Redis-adapted when
 * REDIS_URL is set); domain code only knows this interface.
 */
export interface LiveChannel {
  toUser(userId: string, event: string, payload: unknown): void;
  /** Everyone of a role (or of several roles, in one broadcast) in a program, e.g. all coordinators. */
  toRole(
    programId: string,
    role: Role | readonly Role[],
    event: string,
    payload: unknown,
  ): void;
  /** Every socket joined to a named room (a consult's watchers, a call). */
  toRoom(room: string, event: string, payload: unknown): void;
  /** Close every socket of a login session (logout), on any instance. */
  disconnectSession(sessionId: string): void;
}

/** Used until signaling attaches, and by tests of REST-only behaviour. */
export class BufferedLiveChannel implements LiveChannel {
  readonly sent: { target: string; event: string; payload: unknown }[] = [];
  private delegate: LiveChannel | null = null;

  attach(delegate: LiveChannel): void {
    this.delegate = delegate;
  }
  toUser(userId: string, event: string, payload: unknown): void {
    this.delegate
      ? this.delegate.toUser(userId, event, payload)
      : this.keep(`user:${userId}`, event, payload);
  }
  toRole(
    programId: string,
    role: Role | readonly Role[],
    event: string,
    payload: unknown,
  ): void {
    if (this.delegate)
      return this.delegate.toRole(programId, role, event, payload);
    for (const r of typeof role === 'string' ? [role] : role)
      this.keep(`role:${programId}:${r}`, event, payload);
  }
  toRoom(room: string, event: string, payload: unknown): void {
    this.delegate
      ? this.delegate.toRoom(room, event, payload)
      : this.keep(room, event, payload);
  }
  disconnectSession(sessionId: string): void {
    this.delegate?.disconnectSession(sessionId);
  }
  private keep(target: string, event: string, payload: unknown): void {
    if (this.sent.length > 1000) this.sent.shift();
    this.sent.push({ target, event, payload });
  }
}
