import { z } from 'zod';
import { notFound } from '../errors';
import { route, type RouteDefinition } from '../http/route';
import { isoDate } from '../patients/patient';
import { nextMonth } from './billing-recompute';
import { addDays } from './calendar-days';
import { lineJson, lineSchema } from './billing-json';
import { period, STAFF } from './billing-route-params';

/** The biller's lines: a period's view, one line's versions, a recompute. */
export function billingLineRoutes(): RouteDefinition[] {
  return [
    route({
      method: 'get',
      path: '/api/billing/lines',
      tag: 'billing',
      summary:
        "The biller's view: current billing lines of a period (by date of service) with status (ready, held, blocked, exported, void) and their reasons.",
      access: { roles: STAFF },
      query: z
        .object({
          period: period.optional(),
          from: isoDate.optional(),
          to: isoDate.optional(),
          status: z
            .enum(['ready', 'held', 'blocked', 'exported', 'void'])
            .optional(),
          consultId: z.uuid().optional(),
        })
        .refine((q) => q.period || (q.from && q.to), {
          path: ['period'],
          message: 'give a period (YYYY-MM) or from and to dates',
        }),
      responses: {
        200: {
          description: 'Lines',
          schema: z.object({
            from: z.string(),
            to: z.string(),
            lines: z.array(lineSchema),
          }),
        },
      },
      handler: async (ctx) => {
        const q = ctx.query;
        // from/to are inclusive dates of service; a period is its calendar month.
        const [from, toExclusive] = q.period
          ? [`${q.period}-01`, `${nextMonth(q.period)}-01`]
          : [q.from!, addDays(q.to!, 1)];
        const lines = await ctx.care.billing.lines(from, toExclusive, {
          status: q.status,
          consultId: q.consultId,
        });
        await ctx.audit({
          action: 'billing.lines.list',
          resourceType: 'billing_line',
          details: { from, to: toExclusive, count: lines.length },
        });
        return {
          from,
          to: addDays(toExclusive, -1),
          lines: lines.map(lineJson),
        };
      },
    }),
    route({
      method: 'get',
      path: '/api/billing/lines/history',
      tag: 'billing',
      summary:
        'Every version of one billing line, oldest first (what changed, and why).',
      access: { roles: STAFF },
      query: z.object({ lineKey: z.string().min(3).max(200) }),
      responses: {
        200: {
          description: 'Versions',
          schema: z.object({ versions: z.array(lineSchema) }),
        },
      },
      handler: async (ctx) => {
        const versions = await ctx.care.billing.lineHistory(ctx.query.lineKey);
        if (!versions.length) throw notFound('The billing line');
        await ctx.audit({
          action: 'billing.line.history',
          patientId: versions[0]!.patientId,
          resourceType: 'billing_line',
          resourceId: ctx.query.lineKey,
        });
        return { versions: versions.map(lineJson) };
      },
    }),
    route({
      method: 'post',
      path: '/api/billing/recompute',
      tag: 'billing',
      summary:
        "Recompute a period's lines from the current facts (also releases held lines whose window has passed). Changes are new versions.",
      access: { roles: STAFF },
      body: z.object({ period }),
      responses: {
        200: {
          description: 'What was recomputed',
          schema: z.object({
            consults: z.number(),
            patientMonths: z.number(),
            written: z.number(),
          }),
        },
      },
      handler: async (ctx) => {
        const result = await ctx.care.billing.recompute(ctx.body.period);
        await ctx.audit({
          action: 'billing.recompute',
          resourceType: 'billing_line',
          details: { period: ctx.body.period, ...result },
        });
        return result;
      },
    }),
  ];
}

/** One consult's billing lines, as much of them as the reader's role sees. */
export function consultBillingRoute(): RouteDefinition {
  return route({
    method: 'get',
    path: '/api/consults/:consultId/billing',
    tag: 'billing',
    summary:
      "One consult's billing lines; coordinators see codes and status only, the consult's psychiatrist the lines and reasons the biller sees, billers and admins also a dry-run of the engine on today's facts.",
    access: { roles: ['biller', 'admin', 'coordinator', 'psychiatrist'] },
    responses: {
      200: {
        description: 'Lines',
        schema: z.object({
          lines: z.array(lineSchema.partial()),
          preview: z.unknown().optional(),
        }),
      },
    },
    handler: async (ctx) => {
      const consult = await ctx.care.consult(
        ctx.params.consultId!,
        'billing.consult.read',
      );
      const lines = await ctx.care.billing.consultLines(consult);
      // The consult's psychiatrist reads the same lines and reasons the
      // biller does (what their time came to, and why); no dry run.
      if (ctx.user.role === 'psychiatrist')
        return { lines: lines.map(lineJson) };
      if (ctx.user.role === 'coordinator')
        return {
          lines: lines.map((l) => ({
            lineKey: l.lineKey,
            code: l.code,
            status: l.viewStatus,
            dateOfService: l.dateOfService,
          })),
        };
      return {
        lines: lines.map(lineJson),
        preview: await ctx.care.billing.preview(consult),
      };
    },
  });
}
