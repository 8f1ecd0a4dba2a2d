import { z } from 'zod';
import { route, type RouteDefinition } from '../http/route';
import type { BhFiguresService } from './bh-figures-service';

export interface BhFiguresRouteDeps {
  figures: Pick<BhFiguresService, 'forMonth'>;
}

const query = z
  .object({
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM'),
    practiceId: z.uuid().optional(),
  })
  .strict();

export function bhFiguresRoutes(deps: BhFiguresRouteDeps): RouteDefinition[] {
  return [
    route({
      method: 'get',
      path: '/api/behavioral-health/figures',
      tag: 'episodes',
      summary:
        'Per practice and month: referrals, warm handoffs attempted/answered/within target, median time to answer, ' +
        'engagement (first session within 14 days), episodes closed by outcome, score change first to last. ' +
        "A PCP sees their practice's.",
      access: { roles: ['pcp', 'coordinator', 'admin'] },
      query,
      handler: async (ctx) => ({
        month: ctx.query.month,
        practices: await deps.figures.forMonth(
          { ...ctx.user, requestId: ctx.requestId, clientIp: ctx.clientIp },
          ctx.query.month,
          ctx.query.practiceId ?? null,
        ),
      }),
    }),
  ];
}
