import { z } from 'zod';
import { badRequest, conflict, notFound, invalidField } from '../errors';
import { Reply, route, type RouteDefinition } from '../http/route';
import { findUserById } from '../org/users';
import { isoDate } from '../patients/patient';
import type { Database } from '../db/database';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { ENCOUNTER_KINDS, ENROLLMENT_KINDS } from './billing-facts';
import { PatientFactsService } from './patient-facts-service';
import { payerKeySchema } from './payer-rules';

/** What the patient billing-facts routes use. */
export interface PatientBillingFactsRouteDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
}

/**
 * Facts about a patient that only the care team knows and the billing rules
 * need: face-to-face visits and transfers of care with a clinician (14-day
 * rules), collaborative-care / BHI enrollment, and the payer.
 */

const PAYER = payerKeySchema;

const factsSchema = z.object({
  encounters: z.array(
    z.object({
      id: z.uuid(),
      clinicianId: z.uuid(),
      kind: z.enum(ENCOUNTER_KINDS),
      occurredOn: z.string(),
      consultId: z.uuid().nullable(),
      recordedBy: z.uuid(),
      recordedAt: z.string(),
    }),
  ),
  enrollments: z.array(
    z.object({
      id: z.uuid(),
      kind: z.enum(ENROLLMENT_KINDS),
      startDate: z.string(),
      endDate: z.string().nullable(),
      billingClinicianId: z.uuid(),
      recordedBy: z.uuid(),
    }),
  ),
  coverages: z.array(
    z.object({
      id: z.uuid(),
      payer: z.string(),
      effectiveFrom: z.string(),
      endDate: z.string().nullable(),
      recordedBy: z.uuid(),
      recordedAt: z.string(),
    }),
  ),
});

/**
 * An enrollment or coverage can be ended once, not before it began. (Path ids
 * are checked as uuids at the edge, in mount-routes.)
 */
function assertEndable(
  what: 'enrollment' | 'coverage',
  startDate: string | null | undefined,
  endDate: string | null | undefined,
  body: { endDate: string },
): void {
  if (!startDate) throw notFound(`The ${what}`);
  if (endDate)
    throw conflict(`${what}_ended`, `This ${what} has already ended.`);
  if (body.endDate < startDate)
    throw invalidField('endDate', 'must not be before the start date');
}

/** A clinician named in a fact must be an active user of the patient's program with the right role. */
async function assertClinician(
  deps: PatientBillingFactsRouteDeps,
  id: string,
  programId: string,
  roles: readonly string[],
  field: string,
): Promise<void> {
  const u = await findUserById(deps.db, id);
  if (!u || u.programId !== programId || !roles.includes(u.role))
    throw badRequest(
      'validation_failed',
      `Please check the form. ${field}: must be a ${roles.join(' or ')} of this program`,
      [{ field, message: `must be a ${roles.join(' or ')} of this program` }],
    );
}

export function patientBillingFactsRoutes(
  deps: PatientBillingFactsRouteDeps,
): RouteDefinition[] {
  const facts = new PatientFactsService(deps);
  const created = {
    201: {
      description: 'Recorded; the patient’s billing facts after the change',
      schema: factsSchema.extend({ id: z.uuid() }),
    },
  };

  return [
    route({
      method: 'get',
      path: '/api/patients/:patientId/billing-facts',
      tag: 'billing',
      summary:
        "The patient's encounters with clinicians, collaborative-care/BHI enrollments and payer coverage.",
      access: {
        roles: ['pcp', 'psychiatrist', 'coordinator', 'admin', 'biller'],
      },
      responses: { 200: { description: 'Facts', schema: factsSchema } },
      handler: async (ctx) => {
        const patient = await ctx.care.patient(
          ctx.params.patientId!,
          'billing_facts.read',
        );
        return facts.facts(patient);
      },
    }),
    route({
      method: 'post',
      path: '/api/patients/:patientId/encounters',
      tag: 'billing',
      summary:
        'Record a face-to-face visit or transfer of care between the patient and a clinician (drives the 14-day consult rules).',
      access: { roles: ['psychiatrist', 'coordinator', 'admin'] },
      body: z.object({
        clinicianId: z.uuid().optional(),
        kind: z.enum(ENCOUNTER_KINDS),
        occurredOn: isoDate,
        consultId: z.uuid().optional(),
      }),
      responses: created,
      handler: async (ctx) => {
        const patient = await ctx.care.patientToChange(
          ctx.params.patientId!,
          'encounter.create',
        );
        const clinicianId = ctx.body.clinicianId ?? ctx.user.userId;
        await assertClinician(
          deps,
          clinicianId,
          patient.programId,
          ['psychiatrist', 'pcp'],
          'clinicianId',
        );
        if (
          ctx.body.consultId &&
          !(await ctx.care.isConsultOf(patient, ctx.body.consultId))
        )
          throw invalidField('consultId', 'is not a consult for this patient');
        return Reply.created(
          await facts.recordEncounter(ctx.care.actor, patient, {
            clinicianId,
            kind: ctx.body.kind,
            occurredOn: ctx.body.occurredOn,
            consultId: ctx.body.consultId ?? null,
          }),
        );
      },
    }),
    route({
      method: 'post',
      path: '/api/patients/:patientId/care-enrollments',
      tag: 'billing',
      summary:
        'Enroll the patient in collaborative care (cocm) or general behavioral health integration (bhi), billed by a treating PCP.',
      access: { roles: ['pcp', 'coordinator', 'admin'] },
      body: z.object({
        kind: z.enum(ENROLLMENT_KINDS),
        startDate: isoDate,
        billingClinicianId: z.uuid().optional(),
      }),
      responses: created,
      handler: async (ctx) => {
        const patient = await ctx.care.patientToChange(
          ctx.params.patientId!,
          'enrollment.create',
        );
        const billingClinicianId =
          ctx.body.billingClinicianId ?? ctx.user.userId;
        await assertClinician(
          deps,
          billingClinicianId,
          patient.programId,
          ['pcp'],
          'billingClinicianId',
        );
        if (await facts.hasOpenEnrollment(patient, ctx.body.kind))
          throw conflict(
            'already_enrolled',
            `The patient already has an open ${ctx.body.kind} enrollment; end it first.`,
          );
        return Reply.created(
          await facts.recordEnrollment(ctx.care.actor, patient, {
            kind: ctx.body.kind,
            startDate: ctx.body.startDate,
            billingClinicianId,
          }),
        );
      },
    }),
    route({
      method: 'post',
      path: '/api/patients/:patientId/care-enrollments/:enrollmentId/end',
      tag: 'billing',
      summary: 'End a collaborative-care / BHI enrollment on a date.',
      access: { roles: ['pcp', 'coordinator', 'admin'] },
      body: z.object({ endDate: isoDate }),
      responses: created,
      handler: async (ctx) => {
        const patient = await ctx.care.patientToChange(
          ctx.params.patientId!,
          'enrollment.end',
        );
        const e = await facts.enrollment(patient, ctx.params.enrollmentId!);
        assertEndable('enrollment', e?.startDate, e?.endDate, ctx.body);
        return Reply.created(
          await facts.endEnrollment(
            ctx.care.actor,
            patient,
            ctx.params.enrollmentId!,
            ctx.body.endDate,
          ),
        );
      },
    }),
    route({
      method: 'post',
      path: '/api/patients/:patientId/coverages',
      tag: 'billing',
      summary:
        "Record the patient's payer from a date (selects the payer rule table).",
      access: { roles: ['coordinator', 'admin', 'biller'] },
      body: z.object({ payer: PAYER, effectiveFrom: isoDate }),
      responses: created,
      handler: async (ctx) => {
        const patient = await ctx.care.patientToChange(
          ctx.params.patientId!,
          'coverage.create',
        );
        return Reply.created(
          await facts.recordCoverage(ctx.care.actor, patient, {
            payer: ctx.body.payer,
            effectiveFrom: ctx.body.effectiveFrom,
          }),
        );
      },
    }),
    route({
      method: 'post',
      path: '/api/patients/:patientId/coverages/:coverageId/end',
      tag: 'billing',
      summary:
        'End a coverage on a date (entered by mistake, or the patient changed payer): from then the default table applies.',
      access: { roles: ['coordinator', 'admin', 'biller'] },
      body: z.object({ endDate: isoDate }),
      responses: created,
      handler: async (ctx) => {
        const patient = await ctx.care.patientToChange(
          ctx.params.patientId!,
          'coverage.end',
        );
        const c = await facts.coverage(patient, ctx.params.coverageId!);
        assertEndable('coverage', c?.effectiveFrom, c?.endDate, ctx.body);
        return Reply.created(
          await facts.endCoverage(
            ctx.care.actor,
            patient,
            ctx.params.coverageId!,
            ctx.body.endDate,
          ),
        );
      },
    }),
  ];
}
