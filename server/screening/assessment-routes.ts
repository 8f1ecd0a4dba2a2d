import { z } from 'zod';
import { Reply, route, type RouteDefinition } from '../http/route';
import {
  assessmentListSchema,
  assessmentSchema,
  assessmentToJson,
  newAssessmentSchema,
} from './assessment';
import type { AssessmentService } from './assessment-service';
import { instrumentSummarySchema } from '../../signaling/protocol/rest/assessments';
import { instrumentSummaries } from './instrument-summary';
import { assessmentFhirBundle } from './assessment-fhir';
import { findInstrument } from './instruments';

/** What the assessment routes use. */
export interface AssessmentRouteDeps {
  assessments: AssessmentService;
}

// Behavioral health clinicians and care managers screen and follow up too.
const CARE_TEAM = [
  'pcp',
  'psychiatrist',
  'coordinator',
  'bh_clinician',
  'care_manager',
] as const;

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
      method: 'get',
      path: '/api/screening/instruments',
      tag: 'screening',
      summary:
        'The instruments the server scores: item labels (not the published wording), bands, who may answer, and whether a self-report link is offered.',
      access: { roles: CARE_TEAM },
      responses: {
        200: {
          description: 'Instruments',
          schema: z.object({ instruments: z.array(instrumentSummarySchema) }),
        },
      },
      handler: () => ({ instruments: instrumentSummaries() }),
    }),
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
    route({
      method: 'get',
      path: '/api/assessments/:assessmentId/fhir',
      tag: 'screening',
      summary:
        'The assessment as FHIR R4: a collection Bundle with its QuestionnaireResponse and Observations (LOINC where known, e.g. PHQ-9 total 44261-6).',
      access: { roles: CARE_TEAM },
      responses: {
        200: {
          description: 'FHIR R4 Bundle',
          contentType: 'application/fhir+json',
        },
      },
      handler: async (ctx) => {
        const a = await assessments.read(
          ctx.care,
          ctx.params.assessmentId!,
          'assessment.fhir',
        );
        const bundle = assessmentFhirBundle(a, findInstrument(a.instrument)!);
        return Reply.text(JSON.stringify(bundle), 'application/fhir+json');
      },
    }),
  ];
}
