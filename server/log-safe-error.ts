/**
 * What of an error may reach the log. Drivers attach the failed statement,
 * its parameters (patient names, dates of birth, free text) and detail lines
 * quoting row values to their errors; pino's default serializer would print
 * every enumerable field. So errors are logged through an allow-list:
 * the class name, a code, the message, PostgreSQL's routine and
 * constraint names, and our AppError's status. Never query, parameters,
 * detail, where, or stack for a driver error.
 */
export interface SafeError {
  type: string;
  message: string;
  code?: string;
  routine?: string;
  constraint?: string;
  status?: number;
  stack?: string;
  cause?: SafeError;
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  routine?: unknown;
  constraint?: unknown;
  status?: unknown;
  stack?: unknown;
  cause?: unknown;
  severity?: unknown;
}

/** PostgreSQL (pg and PGlite) errors carry a SQLSTATE and a severity. */
function isDriverError(e: ErrorLike): boolean {
  return (
    typeof e.routine === 'string' ||
    typeof e.severity === 'string' ||
    (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code))
  );
}

/** PostgreSQL quotes the offending value in some messages: keep the words. */
function withoutQuotedValues(message: string): string {
  return message.replace(/"[^"]*"/g, '"…"');
}

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

export function safeError(err: unknown, depth = 0): SafeError {
  if (!err || typeof err !== 'object')
    return { type: typeof err, message: String(err).slice(0, 200) };
  const e = err as ErrorLike;
  const driver = isDriverError(e);
  const message = text(e.message) ?? '';
  const out: SafeError = {
    type: text(e.name) ?? err.constructor?.name ?? 'Error',
    message: driver ? withoutQuotedValues(message) : message,
  };
  if (typeof e.code === 'string' || typeof e.code === 'number')
    out.code = String(e.code);
  if (text(e.routine)) out.routine = text(e.routine);
  if (text(e.constraint)) out.constraint = text(e.constraint);
  if (typeof e.status === 'number') out.status = e.status;
  // Our own code's stack says where it broke; a driver's stack may quote SQL.
  if (!driver && text(e.stack))
    out.stack = text(e.stack)!.split('\n').slice(1, 8).join('\n');
  if (e.cause !== undefined && depth < 2)
    out.cause = safeError(e.cause, depth + 1);
  return out;
}
