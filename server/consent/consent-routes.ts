import { z } from 'zod';
import { recomputePatient } from '../billing/billing-recompute';
import { conflict, notFound, invalidField } from '../errors';
import { Reply, route, type RouteDefinition } from '../http/route';
import type { AppServices } from '../services';
import { consentSchema, consentToJson, newConsentSchema } from './consent';
import {
  findConsent,
  insertConsent,
  listConsents,
  withdrawConsent,
} from './consent-repository';

export function consentRoutes(s: AppServices): RouteDefinition[] {
  /** Consent changes can block or release billing lines of every consult of the patient. */
  const refreshBilling = (patientId: string) =>
    recomputePatient(s, patientId).catch((err) =>
      s.logger.error(
        { err, patientId },
        'billing recompute after consent change failed',
      ),
    );

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
        const { rows: consents } = await ctx.care.patientRows(
          ctx.params.patientId!,
          'consent.list',
          'consent',
          (patient) => listConsents(s.db, patient.id),
        );
        return { consents: consents.map(consentToJson) };
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
        const id = await s.db.transaction(async (tx) => {
          const newId = await insertConsent(
            tx,
            patient.id,
            ctx.body,
            ctx.user.userId,
            obtainedAt,
            now,
          );
          await s.audit.record(
            {
              ...ctx.care.actor,
              action: 'consent.create',
              patientId: patient.id,
              resourceType: 'consent',
              resourceId: newId,
              details: {
                kind: ctx.body.kind,
                consultId: ctx.body.consultId ?? null,
              },
            },
            tx,
          );
          return newId;
        });
        await refreshBilling(patient.id);
        return Reply.created(consentToJson((await findConsent(s.db, id))!));
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
        const consent = z.uuid().safeParse(ctx.params.consentId).success
          ? await findConsent(s.db, ctx.params.consentId!)
          : null;
        if (!consent || consent.patientId !== patient.id)
          throw notFound('The consent');
        if (consent.withdrawnAt)
          throw conflict(
            'consent_already_withdrawn',
            'This consent was already withdrawn.',
          );
        await s.db.transaction(async (tx) => {
          await withdrawConsent(
            tx,
            consent.id,
            ctx.user.userId,
            s.clock.now(),
            ctx.body.reason ?? null,
          );
          await s.audit.record(
            {
              ...ctx.care.actor,
              action: 'consent.withdraw',
              patientId: patient.id,
              resourceType: 'consent',
              resourceId: consent.id,
            },
            tx,
          );
        });
        await refreshBilling(patient.id);
        return Reply.created(
          consentToJson((await findConsent(s.db, consent.id))!),
        );
      },
    }),
  ];
}
