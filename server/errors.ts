/**
 * What kind of refusal an error is, as the domain sees it. The edge maps it
 * to a transport status (HTTP: server/http/error-status.ts); domain code
 * never picks an HTTP status.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'too_large'
  | 'unsupported_media'
  | 'unprocessable'
  | 'rate_limited'
  | 'internal'
  | 'upstream_failed'
  | 'unavailable';

/**
 * One error type for every expected failure. `code` is stable and machine
 * readable; `message` is a sentence a clinician can read; `kind` says what
 * sort of refusal it is.
 */
export class AppError extends Error {
  /**
   * The thrower already wrote this refusal's audit row (a failed sign-in's
   * `auth.login_failed`): the error handler does not write a second.
   */
  audited = false;

  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toJSON(): { error: { code: string; message: string; details?: unknown } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

/** One form field and why it was refused. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * The single shape of a refused form: a sentence naming the first field, and every
 * field in `details` so the client can mark each input. zod failures use it too.
 */
export function invalidFields(
  problems: readonly FieldProblem[],
  lead = 'Please check the form.',
): AppError {
  const first = problems[0];
  return new AppError(
    'invalid',
    'validation_failed',
    first ? `${lead} ${first.field}: ${first.message}` : lead,
    problems,
  );
}

export const invalidField = (field: string, message: string) =>
  invalidFields([{ field, message }]);

export const badRequest = (code: string, message: string, details?: unknown) =>
  new AppError('invalid', code, message, details);
export const unauthorized = (
  message = 'Please sign in again.',
  code = 'unauthenticated',
) => new AppError('unauthenticated', code, message);
export const forbidden = (
  message = 'You do not have access to this.',
  code = 'forbidden',
) => new AppError('forbidden', code, message);
export const notFound = (what: string, code = 'not_found') =>
  new AppError('not_found', code, `${what} was not found.`);
export const conflict = (code: string, message: string, details?: unknown) =>
  new AppError('conflict', code, message, details);
export const tooManyRequests = (message: string, retryAfterSeconds?: number) =>
  new AppError(
    'rate_limited',
    'rate_limited',
    message,
    retryAfterSeconds === undefined ? undefined : { retryAfterSeconds },
  );

/** Raised by an explicit state machine when a transition is not in its table. */
export class IllegalTransitionError extends AppError {
  constructor(entity: string, from: string, to: string) {
    super(
      'conflict',
      'illegal_transition',
      `A ${entity} cannot go from "${from}" to "${to}".`,
      { entity, from, to },
    );
    this.name = 'IllegalTransitionError';
  }
}
