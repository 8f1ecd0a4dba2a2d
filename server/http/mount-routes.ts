import express, {
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import type { AuditLog } from '../audit/audit-log';
import type { AuthService } from '../auth/auth-service';
import type { CareReader, CareReaders } from '../care/care-reader';
import { forbidden, invalidFields, notFound, unauthorized } from '../errors';
import { scanControlCharacters } from './control-characters';
import { validationError } from './error-handler';
import { checkReply } from './reply-contract';
import { clientIpOf } from './request-context';
import {
  Reply,
  StreamBody,
  type HandlerContext,
  type RouteDefinition,
} from './route';
import { writeChunks } from './write-chunks';

export interface MountDeps {
  auth: AuthService;
  audit: AuditLog;
  /** Makes the request's care reader (bound to the signed-in user). */
  care: CareReaders;
  /** Refuse replies that break their declared schema (tests; see reply-contract.ts). */
  checkReplies?: boolean;
}

const JSON_LIMIT = '100kb';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function bearerToken(req: Request): string | null {
  const h = req.header('authorization');
  if (!h) return null;
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(h);
  return m ? m[1]! : null;
}

function authenticate(deps: MountDeps, def: RouteDefinition): RequestHandler {
  return async (req, _res, next) => {
    try {
      const token = bearerToken(req);
      if (token) {
        const result = await deps.auth.authenticate(token);
        if (result.ok) req.principal = result.principal;
        else if ('roles' in def.access) {
          throw unauthorized(
            result.reason === 'expired'
              ? 'Your session expired. Please sign in again.'
              : 'Please sign in again.',
            `token_${result.reason}`,
          );
        }
      }
      if ('roles' in def.access) {
        if (!req.principal) throw unauthorized('Please sign in to continue.');
        if (!def.access.roles.includes(req.principal.role))
          throw forbidden(
            `This is not available to the ${req.principal.role} role.`,
            'role_not_allowed',
          );
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

function bodyParser(def: RouteDefinition): RequestHandler[] {
  const keepRaw = (req: Request, _res: unknown, buf: Buffer) => {
    req.rawBody = buf;
  };
  switch (def.rawBody) {
    case 'form':
      return [
        express.urlencoded({
          extended: false,
          limit: JSON_LIMIT,
          verify: keepRaw,
        }),
      ];
    case 'json':
      return [
        express.json({ limit: JSON_LIMIT, verify: keepRaw, type: () => true }),
      ];
    case 'any':
      return [express.raw({ type: () => true, limit: JSON_LIMIT })];
    default:
      return def.method === 'get' || def.method === 'delete'
        ? []
        : [express.json({ limit: JSON_LIMIT })];
  }
}

function invoke(deps: MountDeps, def: RouteDefinition): RequestHandler {
  return async (req, res, next) => {
    try {
      const input = cleanInput(req, def);
      const body = def.body
        ? def.body.safeParse(input.body ?? {})
        : { success: true as const, data: input.body };
      if (!body.success) throw validationError(body.error, 'body');
      const query = def.query
        ? def.query.safeParse(input.query)
        : { success: true as const, data: input.query };
      if (!query.success) throw validationError(query.error, 'query');
      const clientIp = clientIpOf(req);
      let care: CareReader | null = null;
      const ctx: HandlerContext<unknown, unknown> = {
        req,
        res,
        body: body.data,
        query: query.data,
        params: req.params as Record<string, string>,
        requestId: req.requestId,
        clientIp,
        get user() {
          if (!req.principal) throw unauthorized();
          return req.principal;
        },
        maybeUser: req.principal ?? null,
        get care() {
          if (!req.principal) throw unauthorized();
          care ??= deps.care(req.principal, {
            requestId: req.requestId,
            clientIp,
          });
          return care;
        },
        audit: (entry) =>
          deps.audit.record({
            ...entry,
            userId: req.principal?.userId ?? null,
            role: req.principal?.role ?? null,
            requestId: req.requestId,
            clientIp,
          }),
      };
      const result = await def.handler(ctx);
      if (res.headersSent) return;
      if (deps.checkReplies) checkReply(def, result);
      if (result instanceof Reply) {
        for (const [k, v] of Object.entries(result.headers))
          res.setHeader(k, v);
        res.status(result.status);
        if (result.body === undefined) res.end();
        else if (result.body instanceof StreamBody)
          await sendStream(req, res, result, result.body);
        else if (result.contentType)
          res.type(result.contentType).send(result.body);
        else res.json(result.body);
      } else {
        res.json(result ?? null);
      }
    } catch (err) {
      next(err);
    }
  };
}

/**
 * Control characters are decided once, here, before any schema or handler:
 * refused with 400 naming the field, or stripped from pasted free text (see
 * control-characters.ts). Raw bodies (signed webhooks) are left untouched.
 */
function cleanInput(
  req: Request,
  def: RouteDefinition,
): { body: unknown; query: unknown } {
  const params = scanControlCharacters(req.params, 'params');
  const query = scanControlCharacters(req.query as unknown, 'query');
  const body = def.rawBody
    ? { value: req.body as unknown, problems: [] }
    : scanControlCharacters(req.body as unknown, 'body');
  const problems = [...params.problems, ...query.problems, ...body.problems];
  if (problems.length) throw invalidFields(problems);
  // Every :somethingId is a uuid column: anything else names no row (and
  // would fail the database's uuid cast with a 500).
  for (const [name, value] of Object.entries(req.params))
    if (name.endsWith('Id') && !UUID.test(String(value)))
      throw notFound(`That ${name.slice(0, -2)}`);
  return { body: body.value, query: query.value };
}

/** A streamed body (Reply.stream): 304 and HEAD as res.send would answer them, else chunk by chunk. */
async function sendStream(
  req: Request,
  res: Response,
  reply: Reply,
  body: StreamBody,
): Promise<void> {
  if (req.fresh) {
    res.removeHeader('Content-Length');
    return void res.status(304).end();
  }
  res.type(reply.contentType ?? 'application/octet-stream');
  if (req.method === 'HEAD') return void res.end();
  try {
    if (await writeChunks(res, body.chunks)) res.end();
  } catch (err) {
    if (res.headersSent) {
      // Too late for a JSON error: cut the connection so the client sees a failed download, not a short file.
      res.destroy();
    } else {
      for (const k of [...Object.keys(reply.headers), 'Content-Type'])
        res.removeHeader(k);
    }
    throw err;
  }
}

/** Mounts declared routes: auth and role check, body parsing, validation, then the handler. */
export function mountRoutes(
  router: Router,
  defs: readonly RouteDefinition[],
  deps: MountDeps,
): void {
  for (const def of defs) {
    router[def.method](
      def.path,
      authenticate(deps, def),
      ...bodyParser(def),
      invoke(deps, def),
    );
  }
}
