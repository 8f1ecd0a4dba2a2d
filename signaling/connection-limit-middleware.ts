import type { Socket } from 'socket.io';
import type { AuditLog } from '../server/audit/audit-log';
import type { Config } from '../server/config';
import type { Logger } from '../server/logger';
import {
  AddressConnectionLimits,
  socketClientAddress,
} from './address-connection-limits';

export interface ConnectionLimitDeps {
  config: Config;
  audit: AuditLog;
  logger: Logger;
  /** Milliseconds (tests pass a fake clock's). */
  now?: () => number;
}

const MESSAGES = {
  too_many_open:
    'Too many connections are open from your network. Close other tabs or devices and try again.',
  too_many_new:
    'Too many new connections from your network. Wait a moment and try again.',
} as const;

/**
 * The first socket middleware: refuses a socket beyond its address's limits
 * (address-connection-limits.ts) before any token check or database work,
 * with a `too_many_connections` connect_error, and closes the refused
 * connection at once instead of leaving it to socket.io's 45 s connect
 * timeout. An admitted socket counts as open until its connection closes,
 * whatever later middleware decides.
 */
export function limitConnectionsPerAddress(deps: ConnectionLimitDeps) {
  const now = deps.now ?? Date.now;
  const limits = new AddressConnectionLimits({
    maxOpen: deps.config.SOCKETS_OPEN_PER_ADDRESS,
    burst: deps.config.SOCKET_CONNECT_BURST_PER_ADDRESS,
    perMinute: deps.config.SOCKET_CONNECTS_PER_ADDRESS_PER_MINUTE,
  });
  const counted = new WeakSet<object>();
  return (socket: Socket, next: (err?: Error) => void) => {
    // One engine connection is counted once (a namespace reconnect reuses it).
    if (counted.has(socket.conn)) return next();
    const address = socketClientAddress(
      socket.handshake,
      deps.config.TRUST_PROXY,
    );
    const verdict = limits.admit(address, now());
    if (verdict.ok) {
      counted.add(socket.conn);
      socket.conn.once('close', () => limits.closed(address));
      return next();
    }
    if (verdict.auditRefusals !== null) {
      deps.logger.warn(
        { reason: verdict.reason, refusals: verdict.auditRefusals },
        'sockets refused: too many from one address',
      );
      deps.audit
        .record({
          action: 'socket.connection_limited',
          outcome: 'denied',
          clientIp: address,
          details: {
            reason: verdict.reason,
            refusals: verdict.auditRefusals,
          },
        })
        .catch(() => undefined);
    }
    const message = MESSAGES[verdict.reason];
    const err = new Error(message) as Error & { data?: unknown };
    err.data = {
      code: 'too_many_connections',
      message,
      details: {
        reason: verdict.reason,
        retryAfterSeconds: verdict.retryAfterSeconds,
      },
    };
    next(err);
    // socket.io sends the connect_error on the next tick; then close.
    setImmediate(() => socket.conn.close());
  };
}
