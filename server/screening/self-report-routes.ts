import { Reply, route, type RouteDefinition } from '../http/route';
import {
  newScreeningLinkSchema,
  screeningLinkSchema,
  selfReportAnswersSchema,
  selfReportFormSchema,
  selfReportReceiptSchema,
  tokenBodySchema,
} from '../../signaling/protocol/rest/self-report';
import type { SelfReportService } from './self-report-service';

export interface SelfReportRouteDeps {
  selfReport: SelfReportService;
}

const linkHolder = {
  public: true as const,
  reason: 'the self-report link is the credential',
};

export function selfReportRoutes(deps: SelfReportRouteDeps): RouteDefinition[] {
  const { selfReport } = deps;
  return [
    route({
      method: 'post',
      path: '/api/patients/:patientId/screening-links',
      tag: 'screening',
      summary:
        'Send a screening to the patient or guardian: a single-use link by text (only with smsConsent) or as a QR code. Only instruments whose wording is verified and whose terms allow reproduction, in a language we hold.',
      access: {
        roles: [
          'pcp',
          'psychiatrist',
          'coordinator',
          'bh_clinician',
          'care_manager',
        ],
      },
      body: newScreeningLinkSchema,
      responses: {
        201: { description: 'Link made', schema: screeningLinkSchema },
      },
      handler: async (ctx) => {
        const link = await selfReport.create(
          ctx.care,
          ctx.params.patientId!,
          ctx.body,
        );
        return Reply.created({
          id: link.id,
          url: link.url,
          expiresAt: link.expiresAt.toISOString(),
          delivery: ctx.body.delivery,
          qrSvg: link.qrSvg,
        });
      },
    }),
    route({
      method: 'post',
      path: '/api/self-report/form',
      tag: 'screening (patient page)',
      summary:
        'The questions behind a self-report link (published wording only). Reading spends nothing; a used or expired link is 410.',
      access: linkHolder,
      body: tokenBodySchema,
      responses: {
        200: { description: 'The form', schema: selfReportFormSchema },
        410: { description: 'link_used_or_expired' },
      },
      handler: (ctx) => selfReport.form(ctx.body.token),
    }),
    route({
      method: 'post',
      path: '/api/self-report/answers',
      tag: 'screening (patient page)',
      summary:
        'Submit the answers and spend the link. The reply says only thank you, and whether to show crisis lines now.',
      access: linkHolder,
      body: selfReportAnswersSchema,
      responses: {
        200: { description: 'Received', schema: selfReportReceiptSchema },
        410: { description: 'link_used_or_expired' },
      },
      handler: async (ctx) => {
        const r = await selfReport.submit(ctx.body.token, ctx.body.items, {
          requestId: ctx.requestId,
          clientIp: ctx.clientIp,
        });
        return { thankYou: true, crisisResources: r.crisisResources };
      },
    }),
  ];
}
