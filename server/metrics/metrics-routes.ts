import { timingSafeEqual } from 'node:crypto';
import type { Config } from '../config';
import { AppError, unauthorized } from '../errors';
import { Reply, route, type RouteDefinition } from '../http/route';
import type { Metrics } from './metrics';

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * `/metrics` on the API port, only behind `METRICS_TOKEN` (a bearer token,
 * not a user's: Prometheus has no account). Without the token configured it
 * answers 404; `METRICS_PORT` serves the same without a token on its own
 * listener (server/metrics/metrics-listener.ts).
 */
export function metricsRoutes(deps: {
  config: Pick<Config, 'METRICS_TOKEN'>;
  metrics: Metrics;
}): RouteDefinition[] {
  return [
    route({
      method: 'get',
      path: '/metrics',
      tag: 'health',
      summary:
        'Prometheus metrics (text format), with `Authorization: Bearer METRICS_TOKEN`.',
      access: {
        public: true,
        reason: 'Prometheus scrape: checks METRICS_TOKEN, not a user',
      },
      responses: {
        200: {
          description: 'Prometheus text format',
          contentType: 'text/plain',
        },
        401: { description: 'Missing or wrong token' },
        404: { description: 'Not served on this port' },
      },
      handler: async (ctx) => {
        const token = deps.config.METRICS_TOKEN;
        if (!token)
          throw new AppError(
            'not_found',
            'metrics_not_here',
            'Metrics are not served on this port.',
          );
        const given = /^Bearer (.+)$/.exec(
          ctx.req.headers.authorization ?? '',
        )?.[1];
        if (!given || !sameSecret(given, token))
          throw unauthorized('A valid metrics token is required.');
        const { body, contentType } = await deps.metrics.render();
        return Reply.text(body, contentType);
      },
    }),
  ];
}
