import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { invalidFields } from '../errors';
import { route, type RouteDefinition } from '../http/route';
import {
  consultFeedbackReadSchema,
  consultFeedbackSchema,
  outcomeCodesSchema,
  outcomeExtensionsSchema,
} from '../../signaling/protocol/rest/outcomes';
import { extensionProblems } from './outcome-codes';
import {
  readOutcomeCodes,
  writeOutcomeExtensions,
} from './outcome-codes-repository';
import { findFeedback, saveFeedback } from './feedback-repository';

export interface OutcomeRouteDeps {
  db: Database;
  clock: Clock;
  audit: AuditLog;
}

/** The program's outcome code lists, and the PCP's feedback on a report. */
export function outcomeRoutes(deps: OutcomeRouteDeps): RouteDefinition[] {
  return [
    route({
      method: 'get',
      path: '/api/program/outcome-codes',
      tag: 'programs',
      summary:
        'Disposition and diagnosis category codes of your program (base list, then its own).',
      access: { roles: ['psychiatrist', 'coordinator', 'admin'] },
      responses: {
        200: { description: 'The lists', schema: outcomeCodesSchema },
      },
      handler: (ctx) => readOutcomeCodes(deps.db, ctx.user.programId),
    }),
    route({
      method: 'put',
      path: '/api/program/outcome-codes',
      tag: 'programs',
      summary:
        "Replace your program's own disposition and diagnosis codes (the base lists stay).",
      access: { roles: ['admin'] },
      body: outcomeExtensionsSchema,
      responses: {
        200: { description: 'The lists now', schema: outcomeCodesSchema },
      },
      handler: async (ctx) => {
        const problems = extensionProblems(ctx.body);
        if (problems.length) throw invalidFields(problems);
        const codes = await writeOutcomeExtensions(
          deps.db,
          ctx.user.programId,
          ctx.body,
        );
        await ctx.audit({
          action: 'program.outcome_codes_update',
          resourceType: 'program',
          resourceId: ctx.user.programId,
          details: {
            dispositions: ctx.body.dispositions.length,
            diagnosisCategories: ctx.body.diagnosisCategories.length,
          },
        });
        return codes;
      },
    }),
    route({
      method: 'put',
      path: '/api/consults/:consultId/feedback',
      tag: 'reports',
      summary:
        'The requesting practice answers: was the signed report useful, would you have referred out otherwise (optional).',
      access: { roles: ['pcp'] },
      body: consultFeedbackSchema,
      responses: {
        200: { description: 'Stored', schema: consultFeedbackReadSchema },
      },
      handler: async (ctx) => {
        // A PCP reaches only a signed report of their practice's consult.
        const { consult } = await ctx.care.report(
          ctx.params.consultId!,
          'report.feedback',
        );
        const now = deps.clock.now();
        await saveFeedback(deps.db, consult.id, ctx.user.userId, ctx.body, now);
        return { feedback: { ...ctx.body, createdAt: now.toISOString() } };
      },
    }),
    route({
      method: 'get',
      path: '/api/consults/:consultId/feedback',
      tag: 'reports',
      summary: "The requesting practice's feedback on the report, if any.",
      access: { roles: ['pcp', 'coordinator', 'admin'] },
      responses: {
        200: { description: 'Feedback', schema: consultFeedbackReadSchema },
      },
      handler: async (ctx) => {
        const { consult } = await ctx.care.report(
          ctx.params.consultId!,
          'report.feedback_read',
        );
        const f = await findFeedback(deps.db, consult.id);
        return {
          feedback: f
            ? {
                useful: f.useful,
                wouldHaveReferredOut: f.wouldHaveReferredOut,
                comment: f.comment,
                createdAt: f.createdAt.toISOString(),
              }
            : null,
        };
      },
    }),
  ];
}
