import { z } from 'zod';
import { badRequest } from '../errors';
import { route, type RouteDefinition } from '../http/route';
import {
  DEFAULT_PAYER_RULES,
  payerKeySchema,
  payerRulesOverrideSchema,
  payerRulesSchema,
  rulesFor,
} from './payer-rules';
import { STAFF } from './billing-route-params';

/** Each payer's effective rule table, and the program's override of one. */
export function payerRulesRoutes(): RouteDefinition[] {
  return [
    route({
      method: 'get',
      path: '/api/billing/payer-rules',
      tag: 'billing',
      summary:
        "The effective rule table per payer (defaults from the reference, with this program's overrides).",
      access: { roles: STAFF },
      responses: {
        200: {
          description: 'Tables',
          schema: z.object({
            payers: z.array(
              payerRulesSchema.extend({ override: z.unknown().nullable() }),
            ),
          }),
        },
      },
      handler: async (ctx) => {
        const overrides = await ctx.care.billing.payerOverrides();
        const payers = [
          ...new Set([
            ...Object.keys(DEFAULT_PAYER_RULES),
            ...overrides.keys(),
          ]),
        ].sort();
        return {
          payers: payers.map((p) => ({
            ...rulesFor(p, overrides.get(p)),
            override: overrides.get(p) ?? null,
          })),
        };
      },
    }),
    route({
      method: 'put',
      path: '/api/billing/payer-rules/:payer',
      tag: 'billing',
      summary:
        "Set this program's override of one payer's table (any field; nested objects merge over the defaults). Lines change on the next recompute.",
      access: { roles: ['admin'] },
      body: payerRulesOverrideSchema,
      responses: {
        200: { description: 'The effective table', schema: payerRulesSchema },
      },
      handler: async (ctx) => {
        const payer = ctx.params.payer!;
        if (!payerKeySchema.safeParse(payer).success)
          throw badRequest(
            'validation_failed',
            'payer: must be a payer key such as medicare',
            [
              {
                field: 'payer',
                message: 'must be a payer key such as medicare',
              },
            ],
          );
        if (!Object.keys(ctx.body).length)
          throw badRequest(
            'validation_failed',
            'Please check the form. The override changes nothing.',
            [{ field: 'body', message: 'must change at least one field' }],
          );
        let effective;
        try {
          effective = rulesFor(payer, ctx.body);
        } catch (err) {
          throw badRequest(
            'validation_failed',
            'Please check the form. The table would not be valid.',
            err instanceof z.ZodError
              ? err.issues.map((i) => ({
                  field: i.path.join('.'),
                  message: i.message,
                }))
              : undefined,
          );
        }
        await ctx.care.billing.setPayerOverride(
          ctx.care.actor,
          payer,
          ctx.body,
        );
        return effective;
      },
    }),
  ];
}
