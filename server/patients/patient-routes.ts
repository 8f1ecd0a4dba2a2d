import { z } from 'zod';
import { badRequest } from '../errors';
import { Reply, route, type RouteDefinition } from '../http/route';
import type { Database } from '../db/database';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import {
  newPatientSchema,
  patientSchema,
  validBirthDate,
  type Patient,
} from './patient';
import { registerPatient } from './patient-registration';

/** What the patient routes use. */
export interface PatientRouteDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
}

const toJson = (p: Patient) => ({ ...p, createdAt: p.createdAt.toISOString() });

export function patientRoutes(deps: PatientRouteDeps): RouteDefinition[] {
  return [
    route({
      method: 'get',
      path: '/api/patients',
      tag: 'patients',
      summary:
        "List patients: a PCP sees their practice's, coordinators and admins their program's.",
      access: { roles: ['pcp', 'coordinator', 'admin', 'care_manager'] },
      responses: {
        200: {
          description: 'Patients',
          schema: z.object({ patients: z.array(patientSchema) }),
        },
      },
      handler: async (ctx) => {
        const patients = await ctx.care.patients();
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
        if (!validBirthDate(ctx.body.birthDate, deps.clock.now()))
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
        return Reply.created(
          toJson(await registerPatient(deps, ctx.user, ctx, ctx.body)),
        );
      },
    }),
    route({
      method: 'get',
      path: '/api/patients/:patientId',
      tag: 'patients',
      summary:
        'One patient, if in your care (PCP: your practice; psychiatrist: a consult offered or assigned to you).',
      access: {
        roles: ['pcp', 'psychiatrist', 'coordinator', 'admin', 'bh_clinician'],
      },
      responses: { 200: { description: 'The patient', schema: patientSchema } },
      handler: async (ctx) =>
        toJson(await ctx.care.patient(ctx.params.patientId!, 'patient.read')),
    }),
  ];
}
