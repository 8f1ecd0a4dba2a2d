import type { ErrorRequestHandler, Request } from 'express';
import { ZodError } from 'zod';
import type { AuditLog } from '../audit/audit-log';
import { isStoreUnavailable, storeUnavailable } from '../db/store-unavailable';
import { AppError, invalidFields } from '../errors';
import type { Logger } from '../logger';
import { errorKindOfStatus, httpStatusOf } from './error-status';
import { clientIpOf } from './request-context';

/** Turns a zod error into field-by-field details a form can show next to each input. */
export function validationError(
  err: ZodError,
  where: 'body' | 'query' | 'params' = 'body',
): AppError {
  const details = err.issues.map((i) => ({
    field: i.path.join('.') || where,
    message: i.message,
  }));
  return details.length
    ? invalidFields(details)
    : new AppError(
        'invalid',
        'validation_failed',
        'Please check the form. The request is not valid.',
        details,
      );
}

interface BodyParserError {
  type?: string;
  status?: number;
}

function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (isStoreUnavailable(err)) return storeUnavailable();
  if (err instanceof ZodError) return validationError(err);
  const bp = err as BodyParserError;
  if (bp && bp.type === 'entity.parse.failed')
    return new AppError(
      'invalid',
      'malformed_json',
      'The request body is not valid JSON.',
    );
  if (bp && bp.type === 'entity.too.large')
    return new AppError(
      'too_large',
      'payload_too_large',
      'The request body is too large.',
    );
  if (bp && bp.type === 'encoding.unsupported')
    return new AppError(
      'unsupported_media',
      'unsupported_encoding',
      'The request encoding is not supported.',
    );
  if (
    bp &&
    typeof bp.status === 'number' &&
    bp.status >= 400 &&
    bp.status < 500
  )
    return new AppError(
      errorKindOfStatus(bp.status),
      'bad_request',
      'The request could not be read.',
    );
  return null;
}

/** Audit every refusal (401/403) centrally, so no route can forget it. */
async function auditRefusal(
  audit: AuditLog,
  req: Request,
  e: AppError,
): Promise<void> {
  if (e.kind !== 'unauthenticated' && e.kind !== 'forbidden') return;
  if (e.audited) return;
  await audit.record({
    action: `http.${req.method.toLowerCase()} ${req.route?.path ?? req.path}`,
    outcome: 'denied',
    userId: req.principal?.userId ?? null,
    role: req.principal?.role ?? null,
    requestId: req.requestId,
    clientIp: clientIpOf(req),
    details: { code: e.code, status: httpStatusOf(e) },
  });
}

export function errorHandler(
  audit: AuditLog,
  logger: Logger,
): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = toAppError(err);
    const e =
      known ??
      new AppError(
        'internal',
        'internal_error',
        'Something went wrong on our side. Please try again; if it keeps happening, contact support.',
      );
    if (!known)
      logger.error({ err, requestId: req.requestId }, 'unhandled error');
    auditRefusal(audit, req, e)
      .catch((auditErr) =>
        logger.error({ err: auditErr }, 'audit write failed'),
      )
      .finally(() => {
        if (res.headersSent) return;
        const retry = (e.details as { retryAfterSeconds?: number } | undefined)
          ?.retryAfterSeconds;
        if ((e.kind === 'rate_limited' || e.kind === 'unavailable') && retry)
          res.setHeader('Retry-After', String(retry));
        res
          .status(httpStatusOf(e))
          .json({ error: { ...e.toJSON().error, requestId: req.requestId } });
      });
  };
}
