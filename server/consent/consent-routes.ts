import { z } from 'zod';
import { recomputePatient } from '../billing/billing-recompute';
import { conflict, notFound, invalidField } from '../errors';
import { Reply, route, type RouteDefinition } from '../http/route';
import { findConsultRow } from '../reports/consult-in-care';
import type { Database } from '../db/database';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { consentSchema, consentToJson, newConsentSchema } from './consent';
import {
  findConsent,
  insertConsent,
  listConsents,
  withdrawConsent,
} from './consent-repository';
import { auditActor, patientInCare } from './patient-in-care';

/** What the consent routes use. */
export interface ConsentRouteDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
}

export function consentRoutes(s: ConsentRouteDeps): RouteDefinition[] {
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
        const patient = await patientInCare(
          s,
          ctx,
          ctx.params.patientId!,
          'consent.list',
        );
        const consents = await listConsents(s.db, patient.id);
        await ctx.audit({
          action: 'consent.list',
          patientId: patient.id,
          resourceType: 'consent',
          details: { count: consents.length },
        });
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
        const patient = await patientInCare(
          s,
          ctx,
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
          const consult = await findConsultRow(s.db, ctx.body.consultId);
          if (!consult || consult.patientId !== patient.id)
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
              ...auditActor(ctx),
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
        const patient = await patientInCare(
          s,
          ctx,
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
              ...auditActor(ctx),
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
