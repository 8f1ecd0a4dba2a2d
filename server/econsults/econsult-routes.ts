import { route, type RouteDefinition } from '../http/route';
import { consultJson } from '../consults/consult-routes';
import type { EconsultService } from './econsult-service';

export interface EconsultRouteDeps {
  econsults: EconsultService;
}

const consultIdPath = '/api/consults/:consultId';

/** Written eConsults: the pool and the claim. */
export function econsultRoutes(deps: EconsultRouteDeps): RouteDefinition[] {
  return [
    route({
      method: 'get',
      path: '/api/econsults/pool',
      tag: 'econsults',
      summary:
        'Written eConsults waiting for a claim that you are eligible for ' +
        "(licensed in the patient's state, specialty, language, or named).",
      access: { roles: ['psychiatrist'] },
      handler: async (ctx) => ({
        consults: (await ctx.care.consults(['pooled'])).map(consultJson),
      }),
    }),
    route({
      method: 'post',
      path: `${consultIdPath}/claim`,
      tag: 'econsults',
      summary:
        'Claim a pooled eConsult. One claim wins; the others get 409 ' +
        'consult_state_changed.',
      access: { roles: ['psychiatrist'] },
      handler: async (ctx) => ({
        consult: consultJson(
          await deps.econsults.claim(
            ctx.care.actor,
            await ctx.care.consultToChange(
              ctx.params.consultId!,
              'econsult.claim',
            ),
          ),
        ),
      }),
    }),
  ];
}
