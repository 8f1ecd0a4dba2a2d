import { route, type RouteDefinition } from '../http/route';
import type { RegistryList } from './registry-list';
import { registryPageSchema, registryQuerySchema } from './registry-schemas';

/** The care manager's registry page: one row per enrolled patient. */
export function registryListRoutes(list: RegistryList): RouteDefinition[] {
  return [
    route({
      method: 'get',
      path: '/api/registry',
      tag: 'registry',
      summary:
        'The collaborative-care registry: one row per enrolled patient (scores, change, weeks, contacts, minutes this month, next contact, last review) with treat-to-target flags; filter by flag, care manager, PCP, practice; sort needs_review puts the most urgent flag first. A coordinator sees the program, a care-team member the patients whose team names them.',
      access: {
        roles: ['pcp', 'psychiatrist', 'care_manager', 'coordinator'],
      },
      query: registryQuerySchema,
      responses: { 200: { description: 'Rows', schema: registryPageSchema } },
      handler: async (ctx) => {
        const { flag, sort, limit, offset, ...filters } = ctx.query;
        const page = await list.page(
          { ...ctx.care.registry.listScope, ...filters },
          { flag, sort, limit, offset },
        );
        await ctx.audit({
          action: 'registry.list',
          resourceType: 'registry_enrollment',
          details: { count: page.rows.length, total: page.total },
        });
        return page;
      },
    }),
  ];
}
