import { z } from 'zod';
import { Reply, route, type RouteDefinition } from '../http/route';
import {
  assessmentListSchema,
  assessmentSchema,
  assessmentToJson,
  newAssessmentSchema,
} from './assessment';
import type { AssessmentService } from './assessment-service';

/** What the assessment routes use. */
export interface AssessmentRouteDeps {
  assessments: AssessmentService;
}

const CARE_TEAM = ['pcp', 'psychiatrist', 'coordinator'] as const;

const errorDoc = (description: string) => ({
  description,
  schema: z.object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  }),
});

export function assessmentRoutes(deps: AssessmentRouteDeps): RouteDefinition[] {
  const { assessments } = deps;
  return [
    route({
      method: 'post',
      path: '/api/patients/:patientId/assessments',
      tag: 'screening',
      summary:
        'Record a screening (PHQ-9, PHQ-A, GAD-7, PSC-17, SCARED, EPDS, CRAFFT) from its item answers; the server scores it. A correction names the assessment it supersedes.',
      access: { roles: CARE_TEAM },
      body: newAssessmentSchema,
      responses: {
        201: { description: 'Scored and stored', schema: assessmentSchema },
        400: errorDoc(
          'Unknown instrument (lists the valid ones), wrong item count, an answer out of range (items[4]: must be 0-3), or an age outside the instrument without a clinician override',
        ),
      },
      handler: async (ctx) =>
        Reply.created(
          assessmentToJson(
            await assessments.recordForClinician(
              ctx.care,
              ctx.params.patientId!,
              ctx.body,
            ),
          ),
        ),
    }),
    route({
      method: 'get',
      path: '/api/patients/:patientId/assessments',
      tag: 'screening',
      summary:
        "The patient's assessments, newest first; corrected ones carry supersededBy.",
      access: { roles: CARE_TEAM },
      responses: {
        200: { description: 'Assessments', schema: assessmentListSchema },
      },
      handler: async (ctx) => ({
        assessments: (
          await assessments.list(ctx.care, ctx.params.patientId!)
        ).map(assessmentToJson),
      }),
    }),
    route({
      method: 'get',
      path: '/api/assessments/:assessmentId',
      tag: 'screening',
      summary: 'One assessment, for the patient’s care team.',
      access: { roles: CARE_TEAM },
      responses: {
        200: { description: 'The assessment', schema: assessmentSchema },
      },
      handler: async (ctx) =>
        assessmentToJson(
          await assessments.read(ctx.care, ctx.params.assessmentId!),
        ),
    }),
  ];
}
