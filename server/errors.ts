/**
 * One error type for every expected failure. `code` is stable and machine
 * readable; `message` is a sentence a clinician can read.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
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
    400,
    'validation_failed',
    first ? `${lead} ${first.field}: ${first.message}` : lead,
    problems,
  );
}

export const invalidField = (field: string, message: string) =>
  invalidFields([{ field, message }]);

export const badRequest = (code: string, message: string, details?: unknown) =>
  new AppError(400, code, message, details);
export const unauthorized = (
  message = 'Please sign in again.',
  code = 'unauthenticated',
) => new AppError(401, code, message);
export const forbidden = (
  message = 'You do not have access to this.',
  code = 'forbidden',
) => new AppError(403, code, message);
export const notFound = (what: string, code = 'not_found') =>
  new AppError(404, code, `${what} was not found.`);
export const conflict = (code: string, message: string, details?: unknown) =>
  new AppError(409, code, message, details);
export const tooManyRequests = (message: string, retryAfterSeconds?: number) =>
  new AppError(
    429,
    'rate_limited',
    message,
    retryAfterSeconds === undefined ? undefined : { retryAfterSeconds },
  );

/** Raised by an explicit state machine when a transition is not in its table. */
export class IllegalTransitionError extends AppError {
  constructor(entity: string, from: string, to: string) {
    super(
      409,
      'illegal_transition',
      `A ${entity} cannot go from "${from}" to "${to}".`,
      { entity, from, to },
    );
    this.name = 'IllegalTransitionError';
  }
}
