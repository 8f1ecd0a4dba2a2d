import { z } from 'zod';
import { canAccessPatient } from '../auth/access-policy';
import { forbidden, notFound, badRequest } from '../errors';
import {
  Reply,
  route,
  type HandlerContext,
  type RouteDefinition,
} from '../http/route';
import type { Database } from '../db/database';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import {
  newPatientSchema,
  patientSchema,
  validBirthDate,
  type Patient,
} from './patient';
import {
  findPatient,
  insertPatient,
  listPatients,
  patientFactsFor,
} from './patient-repository';

/** What the patient routes use. */
export interface PatientRouteDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
}

const toJson = (p: Patient) => ({ ...p, createdAt: p.createdAt.toISOString() });

/** Loads a patient and applies the access policy; every outcome is audited. */
export async function readablePatient(
  s: PatientRouteDeps,
  ctx: HandlerContext<unknown, unknown>,
  id: string,
  action: string,
): Promise<Patient> {
  const parsedId = z.uuid().safeParse(id);
  const patient = parsedId.success ? await findPatient(s.db, id) : null;
  if (!patient) throw notFound('The patient');
  const decision = canAccessPatient(
    ctx.user,
    await patientFactsFor(
      s.db,
      patient,
      ctx.user.role === 'psychiatrist' ? ctx.user.userId : null,
    ),
  );
  if (!decision.allowed) {
    await ctx.audit({
      action,
      outcome: 'denied',
      patientId: patient.id,
      resourceType: 'patient',
      resourceId: patient.id,
      details: { reason: decision.reason },
    });
    throw forbidden('This patient is not in your care.', 'forbidden_patient');
  }
  await ctx.audit({
    action,
    patientId: patient.id,
    resourceType: 'patient',
    resourceId: patient.id,
  });
  return patient;
}

export function patientRoutes(s: PatientRouteDeps): RouteDefinition[] {
  return [
    route({
      method: 'get',
      path: '/api/patients',
      tag: 'patients',
      summary:
        "List patients: a PCP sees their practice's, coordinators and admins their program's.",
      access: { roles: ['pcp', 'coordinator', 'admin'] },
      responses: {
        200: {
          description: 'Patients',
          schema: z.object({ patients: z.array(patientSchema) }),
        },
      },
      handler: async (ctx) => {
        const u = ctx.user;
        const patients = await listPatients(s.db, {
          programId: u.programId,
          practiceId: u.role === 'pcp' ? u.practiceId : null,
        });
        await ctx.audit({
          action: 'patient.list',
          resourceType: 'patient',
          details: { count: patients.length },
        });
        return { patients: patients.map(toJson) };
      },
    }),
    route({
      method: 'post',
      path: '/api/patients',
      tag: 'patients',
      summary: "Register a patient in the PCP's practice.",
      access: { roles: ['pcp'] },
      body: newPatientSchema,
      responses: { 201: { description: 'Created', schema: patientSchema } },
      handler: async (ctx) => {
        const u = ctx.user;
        if (!validBirthDate(ctx.body.birthDate, s.clock.now()))
          throw badRequest(
            'validation_failed',
            'Please check the form. birthDate: must be a real date in the past.',
            [
              {
                field: 'birthDate',
                message: 'must be a real date in the past',
              },
            ],
          );
        const id = await s.db.transaction(async (tx) => {
          const newId = await insertPatient(
            tx,
            u.practiceId!,
            ctx.body,
            u.userId,
          );
          await s.audit.record(
            {
              action: 'patient.create',
              userId: u.userId,
              role: u.role,
              patientId: newId,
              resourceType: 'patient',
              resourceId: newId,
              requestId: ctx.requestId,
              clientIp: ctx.clientIp,
            },
            tx,
          );
          return newId;
        });
        return Reply.created(toJson((await findPatient(s.db, id))!));
      },
    }),
    route({
      method: 'get',
      path: '/api/patients/:patientId',
      tag: 'patients',
      summary:
        'One patient, if in your care (PCP: your practice; psychiatrist: a consult offered or assigned to you).',
      access: { roles: ['pcp', 'psychiatrist', 'coordinator', 'admin'] },
      responses: { 200: { description: 'The patient', schema: patientSchema } },
      handler: async (ctx) =>
        toJson(
          await readablePatient(s, ctx, ctx.params.patientId!, 'patient.read'),
        ),
    }),
  ];
}
