import { z } from 'zod';
import { invalidField } from '../errors';
import { Reply, route, type RouteDefinition } from '../http/route';
import type { Database } from '../db/database';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { consentSchema, consentToJson, newConsentSchema } from './consent';
import { ConsentService } from './consent-service';

/** What the consent routes use. */
export interface ConsentRouteDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
}

export function consentRoutes(s: ConsentRouteDeps): RouteDefinition[] {
  const consents = new ConsentService(s);

  return [
    route({
      method: 'get',
      path: '/api/patients/:patientId/consents',
      tag: 'consent',
      summary:
        "The patient's documented consents (interprofessional, collaborative care, telehealth), newest first.",
      access: {
        roles: ['pcp', 'psychiatrist', 'coordinator', 'admin', 'biller'],
      },
      responses: {
        200: {
          description: 'Consents',
          schema: z.object({ consents: z.array(consentSchema) }),
        },
      },
      handler: async (ctx) => {
        const { rows } = await ctx.care.patientRows(
          ctx.params.patientId!,
          'consent.list',
          'consent',
          (patient) => consents.list(patient),
        );
        return { consents: rows.map(consentToJson) };
      },
    }),
    route({
      method: 'post',
      path: '/api/patients/:patientId/consents',
      tag: 'consent',
      summary:
        "Record the patient's (or guardian's) consent: who obtained it, from whom, when, and whether the cost-sharing notice was given.",
      access: { roles: ['pcp', 'psychiatrist', 'coordinator'] },
      body: newConsentSchema,
      responses: { 201: { description: 'Recorded', schema: consentSchema } },
      handler: async (ctx) => {
        const patient = await ctx.care.patientToChange(
          ctx.params.patientId!,
          'consent.create',
        );
        const now = s.clock.now();
        const obtainedAt = ctx.body.obtainedAt
          ? new Date(ctx.body.obtainedAt)
          : now;
        if (obtainedAt.getTime() > now.getTime())
          throw invalidField('obtainedAt', 'cannot be in the future');
        if (ctx.body.consultId) {
          if (!(await ctx.care.isConsultOf(patient, ctx.body.consultId)))
            throw invalidField(
              'consultId',
              'is not a consult for this patient',
            );
        }
        return Reply.created(
          consentToJson(
            await consents.record(
              ctx.care.actor,
              patient,
              ctx.body,
              obtainedAt,
            ),
          ),
        );
      },
    }),
    route({
      method: 'post',
      path: '/api/patients/:patientId/consents/:consentId/withdrawal',
      tag: 'consent',
      summary:
        'Record that the patient withdrew a consent (from now on; billing is recomputed).',
      access: { roles: ['pcp', 'psychiatrist', 'coordinator'] },
      body: z.object({ reason: z.string().trim().max(1000).optional() }),
      responses: { 201: { description: 'Withdrawn', schema: consentSchema } },
      handler: async (ctx) => {
        const patient = await ctx.care.patientToChange(
          ctx.params.patientId!,
          'consent.withdraw',
        );
        const consent = await consents.find(patient, ctx.params.consentId);
        return Reply.created(
          consentToJson(
            await consents.withdraw(
              ctx.care.actor,
              patient,
              consent,
              ctx.body.reason ?? null,
            ),
          ),
        );
      },
    }),
  ];
}
