import type { AppError, ErrorKind } from '../errors';

/** The HTTP face of each kind of refusal, chosen here at the edge. */
const HTTP_STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unsupported_media: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  upstream_failed: 502,
  unavailable: 503,
};

export const httpStatusOf = (e: Pick<AppError, 'kind'>): number =>
  HTTP_STATUS[e.kind];

/** A 4xx another library chose (the body parser), as one of our kinds. */
export function errorKindOfStatus(status: number): ErrorKind {
  const found = Object.entries(HTTP_STATUS).find(([, s]) => s === status);
  return (found?.[0] as ErrorKind | undefined) ?? 'invalid';
}
