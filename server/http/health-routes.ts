import { Reply, route, type RouteDefinition } from './route';
import type { Database } from '../db/database';

/** What the health probes use. */
export interface HealthRouteDeps {
  db: Database;
}

/** Readiness checks a feature adds (Redis, media workers): name -> probe that throws when not ready. */
export type ReadinessProbe = () => Promise<void>;

export function healthRoutes(
  s: HealthRouteDeps,
  probes: Map<string, ReadinessProbe>,
): RouteDefinition[] {
  return [
    route({
      method: 'get',
      path: '/healthz',
      tag: 'health',
      summary: 'The process is alive.',
      access: { public: true, reason: 'load balancer probe' },
      handler: () => ({ status: 'ok' }),
    }),
    route({
      method: 'get',
      path: '/readyz',
      tag: 'health',
      summary:
        'Ready to serve: the database answers (and Redis, when configured).',
      access: { public: true, reason: 'load balancer probe' },
      responses: {
        200: { description: 'Ready' },
        503: { description: 'A dependency is down' },
      },
      handler: async () => {
        const checks: Record<string, 'ok' | 'down'> = {};
        const all: [string, ReadinessProbe][] = [
          ['database', () => s.db.ping()],
          ...probes,
        ];
        await Promise.all(
          all.map(async ([name, probe]) => {
            checks[name] = await probe().then(
              () => 'ok' as const,
              () => 'down' as const,
            );
          }),
        );
        const ready = Object.values(checks).every((c) => c === 'ok');
        return new Reply(ready ? 200 : 503, {
          status: ready ? 'ready' : 'not_ready',
          checks,
        });
      },
    }),
  ];
}
