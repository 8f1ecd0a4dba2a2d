import { z } from 'zod';
import { auditActor, patientInCare } from '../consent/patient-in-care';
import { badRequest, conflict, notFound, invalidField } from '../errors';
import {
  Reply,
  route,
  type HandlerContext,
  type RouteDefinition,
} from '../http/route';
import { findUserById } from '../org/users';
import { isoDate } from '../patients/patient';
import { findConsultRow } from '../reports/consult-in-care';
import type { Database } from '../db/database';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { ENCOUNTER_KINDS, ENROLLMENT_KINDS } from './billing-facts';
import { recomputePatient } from './billing-recompute';
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
type Ctx = HandlerContext<unknown, unknown>;

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

async function loadFacts(
  s: PatientBillingFactsRouteDeps,
  patientId: string,
): Promise<z.infer<typeof factsSchema>> {
  const iso = (rows: Record<string, unknown>[]) =>
    rows.map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [
          k,
          v instanceof Date ? v.toISOString() : v,
        ]),
      ),
    );
  const encounters = await s.db.query(
    `SELECT id, clinician_id AS "clinicianId", kind, to_char(occurred_on, 'YYYY-MM-DD') AS "occurredOn", consult_id AS "consultId", recorded_by AS "recordedBy", recorded_at AS "recordedAt" FROM patient_encounters WHERE patient_id = $1 ORDER BY occurred_on DESC, id`,
    [patientId],
  );
  const enrollments = await s.db.query(
    `SELECT id, kind, to_char(start_date, 'YYYY-MM-DD') AS "startDate", to_char(end_date, 'YYYY-MM-DD') AS "endDate", billing_clinician_id AS "billingClinicianId", recorded_by AS "recordedBy" FROM care_enrollments WHERE patient_id = $1 ORDER BY start_date DESC, id`,
    [patientId],
  );
  const coverages = await s.db.query(
    `SELECT id, payer, to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", to_char(end_date, 'YYYY-MM-DD') AS "endDate", recorded_by AS "recordedBy", recorded_at AS "recordedAt" FROM patient_coverages WHERE patient_id = $1 ORDER BY effective_from DESC, recorded_at DESC`,
    [patientId],
  );
  return {
    encounters: iso(encounters.rows),
    enrollments: iso(enrollments.rows),
    coverages: iso(coverages.rows),
  } as z.infer<typeof factsSchema>;
}

/** A clinician named in a fact must be an active user of the patient's program with the right role. */
async function assertClinician(
  s: PatientBillingFactsRouteDeps,
  id: string,
  programId: string,
  roles: readonly string[],
  field: string,
): Promise<void> {
  const u = await findUserById(s.db, id);
  if (!u || u.programId !== programId || !roles.includes(u.role))
    throw badRequest(
      'validation_failed',
      `Please check the form. ${field}: must be a ${roles.join(' or ')} of this program`,
      [{ field, message: `must be a ${roles.join(' or ')} of this program` }],
    );
}

export function patientBillingFactsRoutes(
  s: PatientBillingFactsRouteDeps,
): RouteDefinition[] {
  /** Write a fact with its audit row, then recompute the patient's billing. */
  const record = async (
    ctx: Ctx,
    patientId: string,
    action: string,
    sql: string,
    params: unknown[],
  ) => {
    const id = await s.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string }>(sql, params);
      await s.audit.record(
        {
          ...auditActor(ctx),
          action,
          patientId,
          resourceType: action.split('.')[0]!,
          resourceId: rows[0]!.id,
        },
        tx,
      );
      return rows[0]!.id;
    });
    await recomputePatient(s, patientId).catch((err) =>
      s.logger.error(
        { err, patientId },
        'billing recompute after fact change failed',
      ),
    );
    return Reply.created({ id, ...(await loadFacts(s, patientId)) });
  };
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
        const patient = await patientInCare(
          s,
          ctx,
          ctx.params.patientId!,
          'billing_facts.read',
        );
        await ctx.audit({
          action: 'billing_facts.read',
          patientId: patient.id,
          resourceType: 'patient',
          resourceId: patient.id,
        });
        return loadFacts(s, patient.id);
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
        const patient = await patientInCare(
          s,
          ctx,
          ctx.params.patientId!,
          'encounter.create',
        );
        const clinicianId = ctx.body.clinicianId ?? ctx.user.userId;
        await assertClinician(
          s,
          clinicianId,
          patient.programId,
          ['psychiatrist', 'pcp'],
          'clinicianId',
        );
        if (
          ctx.body.consultId &&
          (await findConsultRow(s.db, ctx.body.consultId))?.patientId !==
            patient.id
        )
          throw invalidField('consultId', 'is not a consult for this patient');
        return record(
          ctx,
          patient.id,
          'encounter.create',
          `INSERT INTO patient_encounters (patient_id, clinician_id, kind, occurred_on, consult_id, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [
            patient.id,
            clinicianId,
            ctx.body.kind,
            ctx.body.occurredOn,
            ctx.body.consultId ?? null,
            ctx.user.userId,
            s.clock.now(),
          ],
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
        const patient = await patientInCare(
          s,
          ctx,
          ctx.params.patientId!,
          'enrollment.create',
        );
        const billingClinicianId =
          ctx.body.billingClinicianId ?? ctx.user.userId;
        await assertClinician(
          s,
          billingClinicianId,
          patient.programId,
          ['pcp'],
          'billingClinicianId',
        );
        const open = await s.db.query(
          `SELECT 1 FROM care_enrollments WHERE patient_id = $1 AND kind = $2 AND end_date IS NULL`,
          [patient.id, ctx.body.kind],
        );
        if (open.rows.length)
          throw conflict(
            'already_enrolled',
            `The patient already has an open ${ctx.body.kind} enrollment; end it first.`,
          );
        return record(
          ctx,
          patient.id,
          'enrollment.create',
          `INSERT INTO care_enrollments (patient_id, kind, start_date, billing_clinician_id, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [
            patient.id,
            ctx.body.kind,
            ctx.body.startDate,
            billingClinicianId,
            ctx.user.userId,
            s.clock.now(),
          ],
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
        const patient = await patientInCare(
          s,
          ctx,
          ctx.params.patientId!,
          'enrollment.end',
        );
        const ok = z.uuid().safeParse(ctx.params.enrollmentId).success;
        const found = ok
          ? await s.db.query<{ startDate: string; endDate: string | null }>(
              `SELECT to_char(start_date, 'YYYY-MM-DD') AS "startDate", to_char(end_date, 'YYYY-MM-DD') AS "endDate" FROM care_enrollments WHERE id = $1 AND patient_id = $2`,
              [ctx.params.enrollmentId, patient.id],
            )
          : null;
        const e = found?.rows[0];
        if (!e) throw notFound('The enrollment');
        if (e.endDate)
          throw conflict(
            'enrollment_ended',
            'This enrollment has already ended.',
          );
        if (ctx.body.endDate < e.startDate)
          throw invalidField('endDate', 'must not be before the start date');
        return record(
          ctx,
          patient.id,
          'enrollment.end',
          `UPDATE care_enrollments SET end_date = $2, ended_by = $3 WHERE id = $1 RETURNING id`,
          [ctx.params.enrollmentId, ctx.body.endDate, ctx.user.userId],
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
        const patient = await patientInCare(
          s,
          ctx,
          ctx.params.patientId!,
          'coverage.create',
        );
        return record(
          ctx,
          patient.id,
          'coverage.create',
          `INSERT INTO patient_coverages (patient_id, payer, effective_from, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [
            patient.id,
            ctx.body.payer,
            ctx.body.effectiveFrom,
            ctx.user.userId,
            s.clock.now(),
          ],
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
        const patient = await patientInCare(
          s,
          ctx,
          ctx.params.patientId!,
          'coverage.end',
        );
        const ok = z.uuid().safeParse(ctx.params.coverageId).success;
        const found = ok
          ? await s.db.query<{ from: string; endDate: string | null }>(
              `SELECT to_char(effective_from, 'YYYY-MM-DD') AS "from", to_char(end_date, 'YYYY-MM-DD') AS "endDate" FROM patient_coverages WHERE id = $1 AND patient_id = $2`,
              [ctx.params.coverageId, patient.id],
            )
          : null;
        const c = found?.rows[0];
        if (!c) throw notFound('The coverage');
        if (c.endDate)
          throw conflict('coverage_ended', 'This coverage has already ended.');
        if (ctx.body.endDate < c.from)
          throw invalidField('endDate', 'must not be before the start date');
        return record(
          ctx,
          patient.id,
          'coverage.end',
          `UPDATE patient_coverages SET end_date = $2, ended_by = $3 WHERE id = $1 AND end_date IS NULL RETURNING id`,
          [ctx.params.coverageId, ctx.body.endDate, ctx.user.userId],
        );
      },
    }),
  ];
}
