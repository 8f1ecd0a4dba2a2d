import { z } from 'zod';
import { AppError, notFound } from '../errors';
import { Reply, route, type RouteDefinition } from '../http/route';
import type { Logger } from '../logger';
import { exportJson, exportSchema } from './billing-json';
import { period, STAFF } from './billing-route-params';
import { isUuid } from '../ids';

/**
 * A period's ready lines exported (CSV or FHIR), the exports made, and
 * their files.
 */
export function billingExportRoutes(deps: {
  logger: Logger;
}): RouteDefinition[] {
  return [
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
        const found = isUuid(ctx.params.exportId)
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
  ];
}
