import { z } from 'zod';
import { recomputeConsult } from '../billing/billing-recompute';
import { auditActor } from '../consent/patient-in-care';
import { badRequest, forbidden, notFound, invalidFields } from '../errors';
import {
  Reply,
  route,
  type HandlerContext,
  type RouteDefinition,
} from '../http/route';
import type { Database } from '../db/database';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { LiveChannel } from '../live/live-channel';
import type { Logger } from '../logger';
import type { ConsultService } from '../consults/consult-service';
import type { ReportDelivered } from '../../signaling/protocol/report-events';
import { consultInCare, type ConsultRow } from './consult-in-care';
import {
  assertReportTransition,
  missingForSignature,
  reportDraftSchema,
  reportSchema,
  reportToJson,
  type ConsultReport,
} from './consult-report';
import { renderReportPage, type ReportPageContext } from './report-page';
import {
  findReport,
  insertAddendum,
  markSigned,
  recordDelivery,
  saveDraft,
  signedReportsForPractice,
} from './report-repository';

/** What the report routes use. */
export interface ReportRouteDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  live: LiveChannel;
  logger: Logger;
  consults: ConsultService;
}

const READERS = ['pcp', 'psychiatrist', 'coordinator', 'admin'] as const;
type Ctx = HandlerContext<unknown, unknown>;

/** Only the consult's assigned psychiatrist writes, signs and amends its report. */
function assertAuthor(ctx: Ctx, consult: ConsultRow): void {
  if (consult.assignedPsychiatristId !== ctx.user.userId)
    throw forbidden(
      'Only the psychiatrist assigned to this consult can write its report.',
      'not_assigned_psychiatrist',
    );
}

/** A PCP sees a report once it is signed; the clinical team sees drafts too. */
async function visibleReport(
  s: ReportRouteDeps,
  ctx: Ctx,
  consult: ConsultRow,
): Promise<ConsultReport> {
  const report = await findReport(s.db, consult.id);
  if (!report || (ctx.user.role === 'pcp' && report.status !== 'signed'))
    throw notFound('The consult report');
  return report;
}

async function pageContext(
  s: ReportRouteDeps,
  consult: ConsultRow,
  report: ConsultReport,
): Promise<ReportPageContext> {
  const { rows } = await s.db.query<ReportPageContext>(
    `SELECT p.name AS "programName", pr.name AS "practiceName", pa.given_name || ' ' || pa.family_name AS "patientName",
        to_char(pa.birth_date, 'YYYY-MM-DD') AS "patientBirthDate", a.display_name AS "consultantName", q.display_name AS "requesterName", p.timezone AS "timeZone"
       FROM consults c JOIN programs p ON p.id = c.program_id JOIN practices pr ON pr.id = c.practice_id JOIN patients pa ON pa.id = c.patient_id
       JOIN users a ON a.id = $2 JOIN users q ON q.id = c.requested_by WHERE c.id = $1`,
    [consult.id, report.authorId],
  );
  return rows[0]!;
}

export function reportRoutes(s: ReportRouteDeps): RouteDefinition[] {
  const audit = (
    ctx: Ctx,
    action: string,
    consult: ConsultRow,
    reportId?: string,
    details?: Record<string, unknown>,
  ) => ({
    ...auditActor(ctx),
    action,
    patientId: consult.patientId,
    resourceType: 'consult_report',
    resourceId: reportId ?? consult.id,
    details: { consultId: consult.id, ...details },
  });

  /** Pushes the delivery to the requesting PCP (any instance) after the row is committed. */
  const deliver = (consult: ConsultRow, payload: ReportDelivered) =>
    s.live.toUser(consult.requestedBy, 'report:delivered', payload);

  const refreshBilling = (consultId: string) =>
    recomputeConsult(s, consultId).catch((err) =>
      s.logger.error(
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
        'The written consult report with its addenda (a PCP sees it once signed).',
      access: { roles: READERS },
      responses: { 200: { description: 'The report', schema: reportSchema } },
      handler: async (ctx) => {
        const consult = await consultInCare(
          s,
          ctx,
          ctx.params.consultId!,
          'report.read',
        );
        const report = await visibleReport(s, ctx, consult);
        await ctx.audit(audit(ctx, 'report.read', consult, report.id));
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
        const consult = await consultInCare(
          s,
          ctx,
          ctx.params.consultId!,
          'report.write',
        );
        assertAuthor(ctx, consult);
        const now = s.clock.now();
        await s.db.transaction(async (tx) => {
          const existing = await findReport(tx, consult.id);
          assertReportTransition(existing?.status ?? 'draft', 'draft');
          const id = await saveDraft(
            tx,
            consult.id,
            ctx.user.userId,
            ctx.body,
            now,
          );
          await s.audit.record(
            audit(
              ctx,
              existing ? 'report.update' : 'report.create',
              consult,
              id,
            ),
            tx,
          );
        });
        return reportToJson((await findReport(s.db, consult.id))!);
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
        const consult = await consultInCare(
          s,
          ctx,
          ctx.params.consultId!,
          'report.sign',
        );
        assertAuthor(ctx, consult);
        const now = s.clock.now();
        const reportId = await s.db.transaction(async (tx) => {
          const report = await findReport(tx, consult.id);
          if (!report) throw notFound('The consult report');
          assertReportTransition(report.status, 'signed');
          const missing = missingForSignature(report);
          if (missing.length)
            throw invalidFields(
              missing,
              'Please complete the report before signing.',
            );
          await markSigned(tx, report.id, ctx.user.userId, now);
          await recordDelivery(tx, report.id, null, consult.requestedBy, now);
          await s.audit.record(
            audit(ctx, 'report.sign', consult, report.id, {
              deliveredTo: consult.requestedBy,
            }),
            tx,
          );
          return report.id;
        });
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
          await s.consults.complete(consult.id, {
            userId: ctx.user.userId,
            role: 'psychiatrist',
          });
        await refreshBilling(consult.id);
        return reportToJson((await findReport(s.db, consult.id))!);
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
        const consult = await consultInCare(
          s,
          ctx,
          ctx.params.consultId!,
          'report.addendum',
        );
        assertAuthor(ctx, consult);
        const now = s.clock.now();
        const ids = await s.db.transaction(async (tx) => {
          const report = await findReport(tx, consult.id);
          if (!report) throw notFound('The consult report');
          if (report.status !== 'signed')
            throw badRequest(
              'report_not_signed',
              'The report is still a draft: edit it instead of adding an addendum.',
            );
          const addendumId = await insertAddendum(
            tx,
            report.id,
            ctx.user.userId,
            ctx.body.body,
            now,
          );
          await recordDelivery(
            tx,
            report.id,
            addendumId,
            consult.requestedBy,
            now,
          );
          await s.audit.record(
            audit(ctx, 'report.addendum', consult, report.id, { addendumId }),
            tx,
          );
          return { reportId: report.id, addendumId };
        });
        deliver(consult, {
          consultId: consult.id,
          ...ids,
          signedAt: now.toISOString(),
        });
        return Reply.created(
          reportToJson((await findReport(s.db, consult.id))!),
        );
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
        const consult = await consultInCare(
          s,
          ctx,
          ctx.params.consultId!,
          'report.print',
        );
        const report = await visibleReport(s, ctx, consult);
        await ctx.audit(audit(ctx, 'report.print', consult, report.id));
        const html = renderReportPage(
          report,
          await pageContext(s, consult, report),
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
        const items = await signedReportsForPractice(
          s.db,
          ctx.user.practiceId!,
          ctx.user.userId,
        );
        await ctx.audit({
          action: 'report.list',
          resourceType: 'consult_report',
          details: { count: items.length },
        });
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
