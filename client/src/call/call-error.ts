/** A call failure with the server's error code (not_admitted, call_full, ...) or one of the engine's own. */
export class CallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'CallError';
  }
}

export function asCallError(code: string, err: unknown): CallError {
  return err instanceof CallError
    ? err
    : new CallError(code, err instanceof Error ? err.message : String(err));
}
