import type { Socket } from 'socket.io';
import type { AuditLog } from '../server/audit/audit-log';
import type { Config } from '../server/config';
import type { Logger } from '../server/logger';
import {
  AddressConnectionLimits,
  type AddressConnectionPolicy,
  socketClientAddress,
} from './address-connection-limits';
import type { AddressLimiter } from './shared-address-limits';

export interface ConnectionLimitDeps {
  config: Config;
  audit: AuditLog;
  logger: Logger;
  /** Milliseconds (tests pass a fake clock's). */
  now?: () => number;
  /** Where the counts live; default: this instance's memory. */
  limits?: AddressLimiter;
}

/** The per-address policy from the configuration. */
export function addressPolicy(config: Config): AddressConnectionPolicy {
  return {
    maxOpen: config.SOCKETS_OPEN_PER_ADDRESS,
    burst: config.SOCKET_CONNECT_BURST_PER_ADDRESS,
    perMinute: config.SOCKET_CONNECTS_PER_ADDRESS_PER_MINUTE,
  };
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
  const limits =
    deps.limits ?? new AddressConnectionLimits(addressPolicy(deps.config));
  const counted = new WeakSet<object>();
  return async (socket: Socket, next: (err?: Error) => void) => {
    // One engine connection is counted once (a namespace reconnect reuses it).
    if (counted.has(socket.conn)) return next();
    const address = socketClientAddress(
      socket.handshake,
      deps.config.TRUST_PROXY,
    );
    const verdict = await limits.admit(address, now());
    if (verdict.ok && socket.conn.readyState === 'closed') {
      // Gone while the shared count was asked: no close event will come.
      limits.closed(address);
      return next(new Error('connection closed'));
    }
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
