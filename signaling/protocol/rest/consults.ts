import { z } from 'zod';
import { SPECIALTIES } from '../identities';
import { newPatientSchema } from './patients';

/**
 * A PCP's consult request (POST /api/consults), shared by the server, which
 * validates it, and the web client's request form.
 */

/** What a PCP may ask for on the consult form. */
export const REQUESTABLE_CONSULT_TYPES = [
  'clinician_consult',
  'direct_evaluation',
  'resource_referral',
  // A written question: never rings, claimed from a pool (server/econsults).
  'econsult',
] as const;
/**
 * Every consult type. A `warm_handoff` is made by POST
 * /api/patients/:patientId/handoffs and rings the behavioral health line.
 */
export const CONSULT_TYPES = [
  ...REQUESTABLE_CONSULT_TYPES,
  'warm_handoff',
] as const;
export type ConsultType = (typeof CONSULT_TYPES)[number];

export const REASON_CATEGORIES = [
  'medication',
  'diagnosis',
  'resources',
  'parent_guidance',
  'safety',
  'other',
] as const;
export type ReasonCategory = (typeof REASON_CATEGORIES)[number];

export const URGENCIES = ['routine', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const CONTACT_MODES = ['video', 'phone'] as const;

/**
 * Typed PHQ items, as consult requests carried them before assessments were
 * stored on their own; kept to read those older consults. New requests
 * attach an assessment (`assessmentId`).
 */
export const SCREENING_INSTRUMENTS = ['phq9', 'phqa'] as const;

export const screeningSchema = z.object({
  instrument: z.enum(SCREENING_INSTRUMENTS),
  /** Item answers in order, each 0-3. */
  items: z
    .array(z.number().int().min(0, 'must be 0-3').max(3, 'must be 0-3'))
    .length(9, 'must have the 9 PHQ item answers'),
});
export type Screening = z.infer<typeof screeningSchema>;

const e164 = z
  .string()
  .trim()
  .regex(
    /^\+[1-9]\d{6,14}$/,
    'must be an E.164 phone number such as +16175550100',
  );

/** A number is required for a phone callback; for video it is optional, the way back if video fails. */
export const callbackSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('video'), phone: e164.optional() }),
  z.object({ method: z.literal('phone'), phone: e164 }),
]);

/** The PCP's request form. Either an existing patient or a new one, never both. */
export const consultRequestSchema = z
  .object({
    patientId: z.uuid('must be the id of an existing patient').optional(),
    patient: newPatientSchema.optional(),
    consultType: z.enum(REQUESTABLE_CONSULT_TYPES),
    contactMode: z.enum(CONTACT_MODES).default('video'),
    reasonCategories: z
      .array(z.enum(REASON_CATEGORIES))
      .min(1, 'choose at least one reason')
      .refine((a) => new Set(a).size === a.length, 'must not repeat a reason'),
    clinicalQuestion: z
      .string()
      .trim()
      .min(1, 'is required')
      .max(4000, 'must be at most 4000 characters'),
    urgency: z.enum(URGENCIES).default('routine'),
    emergency: z.boolean().default(false),
    specialty: z.enum(SPECIALTIES),
    language: z
      .string()
      .trim()
      .toLowerCase()
      .regex(
        /^[a-z]{2,3}(-[a-z0-9]{2,8})?$/,
        'must be a language code such as en or es',
      )
      .default('en'),
    callback: callbackSchema,
    /** eConsult only: the psychiatrist who saw the patient before, who alone may claim it. */
    namedPsychiatristId: z.uuid('must be the id of a psychiatrist').optional(),
    /** A stored assessment of this patient; a positive safety item in it
     * makes the request urgent. */
    assessmentId: z.uuid('must be the id of an assessment').optional(),
    idempotencyKey: z
      .string()
      .trim()
      .min(8, 'must be at least 8 characters')
      .max(100)
      .optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.patientId && !v.patient)
      ctx.addIssue({
        code: 'custom',
        path: ['patientId'],
        message:
          'give patientId of an existing patient, or patient to register one',
      });
    if (v.namedPsychiatristId && v.consultType !== 'econsult')
      ctx.addIssue({
        code: 'custom',
        path: ['namedPsychiatristId'],
        message: 'only an eConsult can name its psychiatrist',
      });
    if (v.consultType === 'econsult' && v.emergency)
      ctx.addIssue({
        code: 'custom',
        path: ['emergency'],
        message: 'an emergency needs a call, not a written eConsult',
      });
    if (v.assessmentId && !v.patientId)
      ctx.addIssue({
        code: 'custom',
        path: ['assessmentId'],
        message: 'needs patientId: a new patient has no assessments yet',
      });
    if (v.patientId && v.patient)
      ctx.addIssue({
        code: 'custom',
        path: ['patient'],
        message: 'give either patientId or patient, not both',
      });
  });
/** As the consult service takes it: the form's, or a warm handoff's. */
export type ConsultRequest = Omit<
  z.output<typeof consultRequestSchema>,
  'consultType'
> & { consultType: ConsultType };
