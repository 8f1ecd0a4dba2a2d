import { AppError } from '../errors';

/** Socket-level failures: the database is unreachable, not the request wrong. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs that mean "the server is going away or not there yet":
 * class 08 (connection exception), admin/crash shutdown, cannot connect now.
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123])$/;

/** pg reports a dropped connection without a code, only in words. */
const DROPPED =
  /Connection terminated|connection error and is not queryable|Client was closed|terminating connection due to administrator command/i;

/**
 * Whether an error means the database could not be reached (restarting,
 * failing over, network gone) rather than a fault in the request or in our
 * code: such a request is answered 503 and may be retried; the pool
 * reconnects by itself once the database is back.
 */
export function isStoreUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown };
  if (typeof e.code === 'string') {
    if (NETWORK_CODES.has(e.code)) return true;
    if (UNAVAILABLE_SQLSTATE.test(e.code)) return true;
  }
  if (typeof e.message === 'string' && DROPPED.test(e.message)) return true;
  return e.cause !== undefined && e.cause !== err
    ? isStoreUnavailable(e.cause)
    : false;
}

export const storeUnavailable = () =>
  new AppError(
    'unavailable',
    'database_unavailable',
    'The service is briefly unavailable. Please try again in a moment.',
    { retryAfterSeconds: 2 },
  );
