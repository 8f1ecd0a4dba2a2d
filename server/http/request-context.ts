import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { Principal } from '../auth/roles';

declare module 'express-serve-static-core' {
  interface Request {
    requestId: string;
    principal?: Principal;
    rawBody?: Buffer;
  }
}

const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Reuse an upstream proxy's request id when it looks sane; mint one otherwise. */
export function requestIdFor(req: Request): string {
  const given = req.header('x-request-id');
  return given && SAFE_ID.test(given) ? given : randomUUID();
}

export function clientIpOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
