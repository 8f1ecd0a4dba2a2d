import { existsSync } from 'node:fs';
import path from 'node:path';
import { precompressedStatic, sendBuilt } from './http/precompressed-static';
import express, { type Express } from 'express';
import type { Histogram } from 'prom-client';
import { AppError } from './errors';
import { errorHandler } from './http/error-handler';
import { healthRoutes, type ReadinessProbe } from './http/health-routes';
import { careReaders } from './care/care-reader';
import { mountRoutes } from './http/mount-routes';
import { loginRefusalGate } from './auth/login-refusal-gate';
import { clientIpOf, requestIdFor } from './http/request-context';
import { route, type RouteDefinition } from './http/route';
import { securityHeaders } from './http/security-headers';
import { buildOpenApi } from './openapi/build-openapi';
import type { AuditLog } from './audit/audit-log';
import type { AuthService } from './auth/auth-service';
import type { Config } from './config';
import type { Clock } from './clock';
import type { Database } from './db/database';
import type { Logger } from './logger';

export interface BuiltApp {
  app: Express;
  routes: RouteDefinition[];
  readiness: Map<string, ReadinessProbe>;
}

/** Built client files, when present (npm start builds them). */
function clientDist(): string | null {
  const dir = path.resolve(
    __dirname,
    __dirname.includes(`${path.sep}dist${path.sep}`)
      ? '../../client/dist'
      : '../client/dist',
  );
  return existsSync(path.join(dir, 'index.html')) ? dir : null;
}

/** What the express app needs: its settings, the edge services and every feature's routes. */
export interface AppDeps {
  config: Config;
  db: Database;
  logger: Logger;
  clock: Clock;
  auth: AuthService;
  audit: AuditLog;
  routes: RouteDefinition[];
  /** HTTP latency by route template and status. */
  metrics?: { http: Pick<Histogram<string>, 'observe'> };
}

export function createApp(
  deps: AppDeps,
  extraRoutes: RouteDefinition[] = [],
): BuiltApp {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.TRUST_PROXY);
  app.set('etag', false);

  const headers = Object.entries(securityHeaders(deps.config));
  app.use((req, res, next) => {
    req.requestId = requestIdFor(req);
    res.setHeader('X-Request-Id', req.requestId);
    for (const [name, value] of headers) res.setHeader(name, value);
    if (req.path.startsWith('/api/'))
      res.setHeader('Cache-Control', 'no-store');
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      // Method, route pattern and status only: URLs can hold identifiers and query strings hold search terms.
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const route =
        req.route?.path ?? (res.locals.route as string) ?? 'unmatched';
      // A refusal by a limit (429) is at debug: a guessing burst or flood
      // would be a line per attempt; the limits audit them once a minute.
      deps.logger[res.statusCode === 429 ? 'debug' : 'info'](
        {
          requestId: req.requestId,
          method: req.method,
          route,
          status: res.statusCode,
          ms,
          ip: clientIpOf(req),
        },
        'request',
      );
      deps.metrics?.http.observe(
        { method: req.method, route, status: String(res.statusCode) },
        ms / 1000,
      );
    });
    next();
  });
  app.use(loginRefusalGate(deps.auth));

  const readiness = new Map<string, ReadinessProbe>();
  const routes: RouteDefinition[] = [
    ...healthRoutes(deps, readiness),
    ...deps.routes,
    ...extraRoutes,
  ];
  let openApiDoc: unknown;
  routes.push(
    route({
      method: 'get',
      path: '/api/openapi.json',
      tag: 'meta',
      summary: 'This OpenAPI document.',
      access: { public: true, reason: 'API description' },
      handler: () =>
        (openApiDoc ??= buildOpenApi(routes, { version: '0.1.0' })),
    }),
  );
  const router = express.Router();
  mountRoutes(router, routes, {
    auth: deps.auth,
    audit: deps.audit,
    care: careReaders({ db: deps.db, audit: deps.audit, clock: deps.clock }),
    checkReplies: deps.config.NODE_ENV === 'test',
  });
  app.use(router);

  app.use('/api', (req, _res, next) =>
    next(
      new AppError(
        'not_found',
        'route_not_found',
        `There is no ${req.method} ${req.baseUrl}${req.path}.`,
      ),
    ),
  );
  const dist = clientDist();
  if (dist) {
    app.use(precompressedStatic(dist));
    // The patient visit page is its own light bundle. Serving it never reads the invite token (a link scanner's GET spends nothing).
    app.get(/^\/visit(\/.*)?$/, (req, res) =>
      sendBuilt(
        req,
        res,
        path.join(
          dist,
          existsSync(path.join(dist, 'visit.html'))
            ? 'visit.html'
            : 'index.html',
        ),
      ),
    );
    // The self-report page is its own light bundle too; the token rides in
    // the URL fragment, so the server never sees it on a GET.
    app.get(/^\/screen(\/.*)?$/, (_req, res) =>
      res.sendFile(
        path.join(
          dist,
          existsSync(path.join(dist, 'screen.html'))
            ? 'screen.html'
            : 'index.html',
        ),
      ),
    );
    // The single-page app owns every other GET path (deep links such as /consults/:id).
    app.get(/^\/(?!api\/|socket\.io\/).*/, (req, res) =>
      sendBuilt(req, res, path.join(dist, 'index.html')),
    );
  }
  app.use((req, _res, next) =>
    next(
      new AppError(
        'not_found',
        'route_not_found',
        `There is no ${req.method} ${req.path}.`,
      ),
    ),
  );
  app.use(errorHandler(deps.audit, deps.logger));
  return { app, routes, readiness };
}
