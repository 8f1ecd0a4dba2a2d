import { z } from 'zod';
import { recomputeConsult } from '../billing/billing-recompute';
import type { Consult } from '../consults/consult';
import { Reply, route, type RouteDefinition } from '../http/route';
import type { Database } from '../db/database';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { LiveChannel } from '../live/live-channel';
import type { Logger } from '../logger';
import type { ConsultService } from '../consults/consult-service';
import type { ReportDelivered } from '../../signaling/protocol/report-events';
import {
  reportDraftSchema,
  reportSchema,
  reportToJson,
} from './consult-report';
import { markReplyRead } from '../econsults/reply-read-marks';
import { renderReportPage } from './report-page';
import { ReportService } from './report-service';

/** What the report routes use. */
export interface ReportRouteDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  live: LiveChannel;
  logger: Logger;
  consults: ConsultService;
}

const READERS = [
  'pcp',
  'psychiatrist',
  'coordinator',
  'admin',
  'bh_clinician',
] as const;

export function reportRoutes(deps: ReportRouteDeps): RouteDefinition[] {
  const reports = new ReportService(deps);

  /** Pushes the delivery to the requesting PCP (any instance) after the row is committed. */
  const deliver = (consult: Consult, payload: ReportDelivered) =>
    deps.live.toUser(consult.requestedBy, 'report:delivered', payload);

  const refreshBilling = (consultId: string) =>
    recomputeConsult(deps, consultId).catch((err) =>
      deps.logger.error(
        { err, consultId },
        'billing recompute after report signing failed',
      ),
    );

  return [
    route({
      method: 'get',
      path: '/api/consults/:consultId/report',
      tag: 'reports',
      summary:
        'The written consult report with its addenda (a PCP sees it once ' +
        'signed); its deliveries to you are marked read.',
      access: { roles: READERS },
      responses: { 200: { description: 'The report', schema: reportSchema } },
      handler: async (ctx) => {
        const { consult, report } = await ctx.care.report(
          ctx.params.consultId!,
          'report.read',
        );
        // Opening the reply reads it: it leaves the recipient's badge.
        await markReplyRead(
          deps.db,
          consult.id,
          ctx.user.userId,
          deps.clock.now(),
        );
        return reportToJson(report);
      },
    }),
    route({
      method: 'put',
      path: '/api/consults/:consultId/report',
      tag: 'reports',
      summary:
        'Create or replace the draft report (assigned psychiatrist; refused once signed: add an addendum).',
      access: { roles: ['psychiatrist'] },
      body: reportDraftSchema,
      responses: { 200: { description: 'The draft', schema: reportSchema } },
      handler: async (ctx) => {
        const consult = await ctx.care.consultToChange(
          ctx.params.consultId!,
          'report.write',
        );
        await ctx.care.authorsReport(consult, 'report.write');
        return reportToJson(
          await reports.saveDraft(ctx.care.actor, consult, ctx.body),
        );
      },
    }),
    route({
      method: 'post',
      path: '/api/consults/:consultId/report/sign',
      tag: 'reports',
      summary:
        'Sign the report: locks it, delivers it to the requesting PCP (live event) and recomputes billing.',
      access: { roles: ['psychiatrist'] },
      responses: {
        200: { description: 'The signed report', schema: reportSchema },
      },
      handler: async (ctx) => {
        const consult = await ctx.care.consultToChange(
          ctx.params.consultId!,
          'report.sign',
        );
        await ctx.care.authorsReport(consult, 'report.sign');
        deps.consults.assertReplyMaySign(consult);
        const now = deps.clock.now();
        const reportId = await reports.sign(ctx.care.actor, consult, now);
        const signed = await reports.outcome(consult);
        deliver(consult, {
          consultId: consult.id,
          reportId,
          addendumId: null,
          signedAt: now.toISOString(),
        });
        // The signed report is the consult's last step: it completes the consult (freeing the
        // psychiatrist) unless the consult is already closed. Billing is recomputed before we answer
        // so the biller's view is current (recompute is idempotent).
        if (consult.status === 'in_call' || consult.status === 'wrap_up')
          await deps.consults.complete(
            consult.id,
            { userId: ctx.user.userId, role: 'psychiatrist' },
            signed,
          );
        // A written eConsult's reply is this report: signing answers it.
        if (consult.consultType === 'econsult')
          await deps.consults.repliedInWriting(
            consult.id,
            { userId: ctx.user.userId, role: 'psychiatrist' },
            signed,
          );
        await refreshBilling(consult.id);
        return reportToJson(await reports.current(consult));
      },
    }),
    route({
      method: 'post',
      path: '/api/consults/:consultId/report/addenda',
      tag: 'reports',
      summary:
        'Add a signed addendum to a signed report; it is delivered like the report.',
      access: { roles: ['psychiatrist'] },
      body: z.object({
        body: z.string().trim().min(1, 'is required').max(20000),
      }),
      responses: {
        201: {
          description: 'The report with the new addendum',
          schema: reportSchema,
        },
      },
      handler: async (ctx) => {
        const consult = await ctx.care.consultToChange(
          ctx.params.consultId!,
          'report.addendum',
        );
        await ctx.care.authorsReport(consult, 'report.addendum');
        const now = deps.clock.now();
        const ids = await reports.addAddendum(
          ctx.care.actor,
          consult,
          ctx.body.body,
          now,
        );
        deliver(consult, {
          consultId: consult.id,
          ...ids,
          signedAt: now.toISOString(),
        });
        return Reply.created(reportToJson(await reports.current(consult)));
      },
    }),
    route({
      method: 'get',
      path: '/api/consults/:consultId/report/print',
      tag: 'reports',
      summary: 'The report as a printable HTML page.',
      access: { roles: READERS },
      responses: {
        200: { description: 'HTML page', contentType: 'text/html' },
      },
      handler: async (ctx) => {
        const { consult, report } = await ctx.care.report(
          ctx.params.consultId!,
          'report.print',
        );
        const html = renderReportPage(
          report,
          await reports.pageContext(consult, report),
        );
        return Reply.text(html, 'text/html; charset=utf-8', {
          'Content-Security-Policy':
            "default-src 'none'; style-src 'unsafe-inline'",
        });
      },
    }),
    route({
      method: 'get',
      path: '/api/reports',
      tag: 'reports',
      summary:
        "The PCP's signed consult reports (their practice's consults), newest first.",
      access: { roles: ['pcp'] },
      responses: {
        200: {
          description: 'Signed reports',
          schema: z.object({
            reports: z.array(
              z.object({
                reportId: z.uuid(),
                consultId: z.uuid(),
                patientId: z.uuid(),
                authorId: z.uuid(),
                authorName: z.string(),
                signedAt: z.string(),
                addendumCount: z.number(),
                lastDeliveredAt: z.string().nullable(),
              }),
            ),
          }),
        },
      },
      handler: async (ctx) => {
        const items = await ctx.care.signedReports();
        return {
          reports: items.map((i) => ({
            ...i,
            signedAt: i.signedAt.toISOString(),
            lastDeliveredAt: i.lastDeliveredAt?.toISOString() ?? null,
          })),
        };
      },
    }),
  ];
}
