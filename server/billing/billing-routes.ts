import { z } from 'zod';
import { AppError, badRequest, notFound } from '../errors';
import { Reply, route, type RouteDefinition } from '../http/route';
import type { Database } from '../db/database';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { BillingExport, BillingLine, LineView } from './billing-desk';
import { nextMonth } from './billing-recompute';
import { addDays, isMonth } from './calendar-days';
import { isoDate } from '../patients/patient';
import {
  DEFAULT_PAYER_RULES,
  payerKeySchema,
  payerRulesOverrideSchema,
  payerRulesSchema,
  rulesFor,
} from './payer-rules';

/** What the billing routes use. */
export interface BillingRouteDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
}

const period = z.string().refine(isMonth, 'must be a month as YYYY-MM');
const STAFF = ['biller', 'admin'] as const;

const reasonSchema = z.object({
  rule: z.string(),
  outcome: z.string(),
  message: z.string(),
  data: z.record(z.string(), z.unknown()).optional(),
});
const lineSchema = z.object({
  id: z.uuid(),
  lineKey: z.string(),
  version: z.number(),
  status: z.enum(['ready', 'held', 'blocked', 'void', 'exported']),
  code: z.string(),
  units: z.number(),
  patientId: z.uuid(),
  consultId: z.uuid().nullable(),
  billingClinicianId: z.uuid(),
  billingClinicianNpi: z.string().nullable(),
  dateOfService: z.string(),
  placeOfService: z.string(),
  modifiers: z.array(z.string()),
  minutes: z.number(),
  consentId: z.uuid().nullable(),
  payer: z.string(),
  feeCents: z.number().nullable(),
  reasons: z.array(reasonSchema),
  computedAt: z.string(),
});
/** One billing line as the routes send it (tests read replies with it). */
export type BillingLineJson = z.infer<typeof lineSchema>;
const exportSchema = z.object({
  id: z.uuid(),
  period: z.string(),
  format: z.enum(['csv', 'fhir']),
  sha256: z.string(),
  lineCount: z.number(),
  createdBy: z.uuid(),
  createdAt: z.string(),
});

/** A line as the API shows it; in the biller's view an exported ready line shows as "exported". */
function lineJson(l: BillingLine | LineView) {
  const { contentHash: _h, programId: _p, computedAt, ...rest } = l;
  const status = 'viewStatus' in l ? l.viewStatus : l.status;
  const {
    viewStatus: _v,
    exported: _e,
    ...line
  } = rest as typeof rest & { viewStatus?: unknown; exported?: unknown };
  return { ...line, status, computedAt: computedAt.toISOString() };
}
const exportJson = ({ programId: _p, ...e }: BillingExport) => ({
  ...e,
  createdAt: e.createdAt.toISOString(),
});

export function billingRoutes(deps: BillingRouteDeps): RouteDefinition[] {
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
    route({
      method: 'post',
      path: '/api/billing/exports',
      tag: 'billing',
      summary:
        "Export a period's ready lines as CSV or FHIR R4 (ChargeItem bundle). Unchanged since the last export: the same export is returned.",
      access: { roles: STAFF },
      body: z.object({ period, format: z.enum(['csv', 'fhir']) }),
      responses: {
        201: {
          description: 'A new export',
          schema: exportSchema.extend({ reused: z.boolean() }),
        },
        200: {
          description: 'The previous export, unchanged',
          schema: exportSchema.extend({ reused: z.boolean() }),
        },
      },
      handler: async (ctx) => {
        const result = await ctx.care.billing.createExport(
          ctx.body.period,
          ctx.body.format,
        );
        await ctx.audit({
          action: 'billing.export',
          resourceType: 'billing_export',
          resourceId: result.export.id,
          details: {
            period: ctx.body.period,
            format: ctx.body.format,
            lineCount: result.export.lineCount,
            reused: result.reused,
          },
        });
        const body = { ...exportJson(result.export), reused: result.reused };
        return result.reused ? body : Reply.created(body);
      },
    }),
    route({
      method: 'get',
      path: '/api/billing/exports',
      tag: 'billing',
      summary: 'Exports made, newest first (optionally for one period).',
      access: { roles: STAFF },
      query: z.object({ period: period.optional() }),
      responses: {
        200: {
          description: 'Exports',
          schema: z.object({ exports: z.array(exportSchema) }),
        },
      },
      handler: async (ctx) => ({
        exports: (await ctx.care.billing.exports(ctx.query.period)).map(
          exportJson,
        ),
      }),
    }),
    route({
      method: 'get',
      path: '/api/billing/exports/:exportId/file',
      tag: 'billing',
      summary:
        'The file of an export, byte for byte as it was made (CSV, or FHIR JSON as application/fhir+json), streamed after it is checked against its SHA-256.',
      access: { roles: STAFF },
      responses: {
        200: { description: 'The file', contentType: 'text/csv' },
        500: {
          description:
            'export_not_reproducible: the recorded rows no longer give the hash the export was made with; nothing is sent',
        },
      },
      handler: async (ctx) => {
        // Checked in full before the first byte goes out: once streaming, a failure can only cut the connection.
        const found = z.uuid().safeParse(ctx.params.exportId).success
          ? await ctx.care.billing.exportWithFile(ctx.params.exportId!)
          : null;
        if (!found) throw notFound('The export');
        const { exp, file } = found;
        if (!file) {
          deps.logger.error(
            { exportId: exp.id, requestId: ctx.requestId },
            'billing export no longer reproduces its hash; not sent',
          );
          throw new AppError(
            'internal',
            'export_not_reproducible',
            'This export no longer reproduces byte for byte from what it recorded, so it was not sent. Please contact support.',
          );
        }
        await ctx.audit({
          action: 'billing.export.download',
          resourceType: 'billing_export',
          resourceId: exp.id,
          details: { period: exp.period, format: exp.format },
        });
        const [type, ext] =
          exp.format === 'csv'
            ? ['text/csv; charset=utf-8', 'csv']
            : ['application/fhir+json; charset=utf-8', 'json'];
        return Reply.stream(file.chunks(), type, {
          'Content-Disposition': `attachment; filename="billing-${exp.period}-${exp.id.slice(0, 8)}.${ext}"`,
          'Content-Length': String(file.bytes),
          ETag: `"${exp.sha256}"`,
        });
      },
    }),
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
    route({
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
    }),
  ];
}
