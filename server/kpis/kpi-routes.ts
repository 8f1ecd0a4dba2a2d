import { z } from 'zod';
import type { Clock } from '../clock';
import { AppError, invalidField, notFound } from '../errors';
import { Reply, route, type RouteDefinition } from '../http/route';
import { withoutIds } from './kpi-figure';
import type { KpiService } from './kpi-service';
import { isUuid } from '../ids';

export interface KpiRouteDeps {
  kpis: KpiService;
  clock: Clock;
}

const STAFF = ['coordinator', 'admin'] as const;
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'is YYYY-MM-DD');
const periodQuery = z.object({ from: isoDate, to: isoDate });
const figureSchema = z.object({
  numerator: z.number(),
  denominator: z.number().nullable(),
});
const fileSchema = z.object({
  id: z.uuid(),
  kind: z.literal('pmhca_csv'),
  periodFrom: z.string(),
  periodTo: z.string(),
  sha256: z.string(),
  reused: z.boolean(),
});

/** The program KPI page, its drill-down and the federal (PMHCA) report file. */
export function kpiRoutes(deps: KpiRouteDeps): RouteDefinition[] {
  return [
    route({
      method: 'get',
      path: '/api/program/kpis',
      tag: 'program-reports',
      summary:
        'Program figures for local days from..to (at most 366): consults, reach, patients served, callback times, trainings, and the behavioral health sections (warm handoffs, engagement, screening rate, symptom change). Each figure has numerator and denominator; /drill gives its ids.',
      access: { roles: STAFF },
      query: periodQuery,
      responses: {
        200: {
          description: 'KPI page (figures without ids)',
          schema: z.looseObject({
            period: z.object({
              from: z.string(),
              to: z.string(),
              timeZone: z.string(),
              days: z.number(),
            }),
            callback: z.looseObject({ withinTarget: figureSchema }),
            sections: z.array(
              z.looseObject({ key: z.string(), status: z.string() }),
            ),
          }),
        },
      },
      handler: async (ctx) => {
        const { kpis, sections } = await deps.kpis.page(
          ctx.user.programId,
          ctx.query.from,
          ctx.query.to,
        );
        return { ...withoutIds(kpis), sections: withoutIds(sections) };
      },
    }),
    route({
      method: 'get',
      path: '/api/program/kpis/drill',
      tag: 'program-reports',
      summary:
        'The ids behind one figure of the KPI page, named by its path (e.g. callback.withinTarget, consults.byType.clinician_consult).',
      access: { roles: STAFF },
      query: periodQuery.extend({
        figure: z.string().regex(/^[A-Za-z0-9_.+-]{1,120}$/),
      }),
      responses: {
        200: {
          description: 'The figure with its ids',
          schema: figureSchema.extend({
            figure: z.string(),
            ids: z.array(z.string()),
          }),
        },
      },
      handler: async (ctx) => {
        const f = await deps.kpis.drill(
          ctx.user.programId,
          ctx.query.from,
          ctx.query.to,
          ctx.query.figure,
        );
        if (!f) throw invalidField('figure', 'is not a figure of the KPI page');
        await ctx.audit({
          action: 'program.kpis.drill',
          resourceType: 'program',
          resourceId: ctx.user.programId,
          details: {
            figure: ctx.query.figure,
            from: ctx.query.from,
            to: ctx.query.to,
            count: f.ids.length,
          },
        });
        return { figure: ctx.query.figure, ...f };
      },
    }),
    route({
      method: 'post',
      path: '/api/program/reports/pmhca',
      tag: 'program-reports',
      summary:
        'Make the HRSA PMHCA performance-measure CSV of a period (or get the last one back when nothing changed).',
      access: { roles: STAFF },
      body: z.object({ from: isoDate, to: isoDate }).strict(),
      responses: {
        201: { description: 'The file record', schema: fileSchema },
      },
      handler: async (ctx) => {
        const { file, reused } = await deps.kpis.pmhcaFile(
          ctx.user.programId,
          ctx.body.from,
          ctx.body.to,
          ctx.user.userId,
          deps.clock.now(),
        );
        await ctx.audit({
          action: 'program.report.pmhca',
          resourceType: 'program_report_file',
          resourceId: file.id,
          details: { from: file.periodFrom, to: file.periodTo, reused },
        });
        const { body: _bytes, createdAt: _at, ...record } = file;
        return Reply.created({ ...record, reused });
      },
    }),
    route({
      method: 'get',
      path: '/api/program/reports/:fileId',
      tag: 'program-reports',
      summary:
        'A federal report file byte for byte as it was made, checked against its SHA-256 first.',
      access: { roles: STAFF },
      responses: {
        200: { description: 'The file', contentType: 'text/csv' },
      },
      handler: async (ctx) => {
        const found = isUuid(ctx.params.fileId)
          ? await deps.kpis.storedFile(ctx.user.programId, ctx.params.fileId!)
          : null;
        if (!found) throw notFound('The report file');
        const { file, intact } = found;
        if (!intact)
          throw new AppError(
            'internal',
            'report_not_reproducible',
            'This file no longer matches its SHA-256, so it was not sent. Please contact support.',
          );
        await ctx.audit({
          action: 'program.report.download',
          resourceType: 'program_report_file',
          resourceId: file.id,
        });
        return Reply.text(file.body, 'text/csv; charset=utf-8', {
          'Content-Disposition': `attachment; filename="pmhca-${file.periodFrom}-${file.periodTo}.csv"`,
          ETag: `"${file.sha256}"`,
          'X-Content-SHA256': file.sha256,
        });
      },
    }),
  ];
}
