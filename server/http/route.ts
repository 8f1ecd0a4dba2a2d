import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { AuditEntry } from '../audit/audit-log';
import type { Principal, Role } from '../auth/roles';
import type { CareReader } from '../care/care-reader';

/**
 * Who may call a route, declared next to the route. `roles` routes need a
 * signed-in user with one of the roles; tenancy (which rows that user may see)
 * is then decided by `ctx.care`, the reader bound to that user.
 */
export type Access =
  | { public: true; reason: string }
  | { roles: readonly Role[] };

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface HandlerContext<TBody, TQuery> {
  req: Request;
  res: Response;
  body: TBody;
  query: TQuery;
  params: Record<string, string>;
  requestId: string;
  clientIp: string;
  /** The signed-in user; throws 401 when absent (only on public routes). */
  readonly user: Principal;
  readonly maybeUser: Principal | null;
  /**
   * Consults, patients, reports and calls as the signed-in user may see them
   * (server/care): decided, audited, refused in one place. Throws 401 when
   * nobody is signed in.
   */
  readonly care: CareReader;
  /** Appends an audit row stamped with this request's user, id and address. */
  audit(
    entry: Omit<AuditEntry, 'userId' | 'role' | 'requestId' | 'clientIp'>,
  ): Promise<void>;
}

/** A body written chunk by chunk (see writeChunks), for files too large to hold as one string. */
export type ChunkSource =
  | Iterable<string | Uint8Array>
  | AsyncIterable<string | Uint8Array>;

export class StreamBody {
  constructor(readonly chunks: ChunkSource) {}
}

/** A non-JSON or non-200 reply. Handlers returning a plain value send it as JSON 200. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly contentType?: string,
    readonly headers: Record<string, string> = {},
  ) {}
  static created(body: unknown) {
    return new Reply(201, body);
  }
  static noContent() {
    return new Reply(204, undefined);
  }
  static text(
    body: string,
    contentType: string,
    headers?: Record<string, string>,
  ) {
    return new Reply(200, body, contentType, headers);
  }
  /**
   * A 200 whose body is written chunk by chunk as the client takes it. The
   * status and headers go out with the first chunk, so check everything that
   * could fail before returning this; a failure mid-body cuts the connection.
   */
  static stream(
    chunks: ChunkSource,
    contentType: string,
    headers?: Record<string, string>,
  ) {
    return new Reply(200, new StreamBody(chunks), contentType, headers);
  }
}

export interface RouteResponseDoc {
  description: string;
  schema?: z.ZodType;
  contentType?: string;
}

export interface RouteDefinition<
  TBody extends z.ZodType = z.ZodType,
  TQuery extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** Express path, e.g. /api/consults/:consultId */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  body?: TBody;
  query?: TQuery;
  /** Hand the handler the raw bytes (webhook signatures) instead of parsed JSON. */
  rawBody?: 'json' | 'form' | 'any';
  responses?: Record<number, RouteResponseDoc>;
  handler(ctx: HandlerContext<z.output<TBody>, z.output<TQuery>>): unknown;
}

/** Identity helper that keeps the body/query types flowing into the handler. */
export function route<
  TBody extends z.ZodType = z.ZodType,
  TQuery extends z.ZodType = z.ZodType,
>(def: RouteDefinition<TBody, TQuery>): RouteDefinition {
  // Erases the body/query generics for the route table: the handler was
  // type-checked against them above, and mount-routes parses with the same
  // schemas before calling it.
  return def as unknown as RouteDefinition;
}
