/** One field's problem, as the server's validation errors report it. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * A failed request, already turned into a sentence a clinician can read.
 * `code` stays available for program logic (never shown on screen).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The problem for one form field, if the server named it. */
  fieldMessage(field: string): string | undefined {
    return this.fields.find(
      (f) => f.field === field || f.field.startsWith(`${field}.`),
    )?.message;
  }
}

/** Whatever was thrown, as a sentence for the screen. */
export function sentenceFor(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return 'Something went wrong. Please try again; if it keeps happening, contact support.';
}
