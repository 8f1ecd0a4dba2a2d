import { z } from 'zod';
import { SPECIALTIES, type Specialty } from '../org/users';
import { newPatientSchema } from '../patients/patient';
import { screeningSchema, type Screening } from './screening-safety';

export const CONSULT_TYPES = [
  'clinician_consult',
  'direct_evaluation',
  'resource_referral',
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

/** Shown to the PCP whenever a request is flagged as an emergency. */
export const CRISIS_GUIDANCE =
  'This service is not a crisis line. If the patient is in immediate danger, call 911 now. ' +
  'For a mental health crisis, call or text 988 (Suicide & Crisis Lifeline). ' +
  'Your request has been placed at the top of the line and a coordinator has been alerted.';

const e164 = z
  .string()
  .trim()
  .regex(
    /^\+[1-9]\d{6,14}$/,
    'must be an E.164 phone number such as +16175550100',
  );

export const callbackSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('video') }),
  z.object({ method: z.literal('phone'), phone: e164 }),
]);

/** The PCP's request form. Either an existing patient or a new one, never both. */
export const consultRequestSchema = z
  .object({
    patientId: z.uuid('must be the id of an existing patient').optional(),
    patient: newPatientSchema.optional(),
    consultType: z.enum(CONSULT_TYPES),
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
    screening: screeningSchema.optional(),
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
    if (v.patientId && v.patient)
      ctx.addIssue({
        code: 'custom',
        path: ['patient'],
        message: 'give either patientId or patient, not both',
      });
  });
export type ConsultRequest = z.output<typeof consultRequestSchema>;

export const CONSULT_STATUSES = [
  'requested',
  'triage',
  'queued',
  'offered',
  'accepted',
  'in_call',
  'wrap_up',
  'completed',
  'cancelled',
  'expired',
] as const;
export type ConsultStatus = (typeof CONSULT_STATUSES)[number];

/** Still waiting for a psychiatrist: in the live line. */
export const WAITING_STATUSES = [
  'queued',
  'offered',
] as const satisfies readonly ConsultStatus[];

export interface Consult {
  id: string;
  programId: string;
  practiceId: string;
  patientId: string;
  requestedBy: string;
  assignedPsychiatristId: string | null;
  status: ConsultStatus;
  consultType: ConsultType;
  contactMode: 'video' | 'phone';
  reasonCategories: ReasonCategory[];
  clinicalQuestion: string;
  urgency: Urgency;
  urgencyReason: 'requested' | 'screening_item9_positive';
  emergency: boolean;
  specialty: Specialty;
  language: string;
  callbackMethod: 'video' | 'phone';
  callbackPhone: string | null;
  screening: Screening | null;
  queuedAt: Date | null;
  frontOfLine: boolean;
  escalationLevel: number;
  slaBreachedAt: Date | null;
  acceptedAt: Date | null;
  callStartedAt: Date | null;
  completedAt: Date | null;
  resolution: { resources: string[]; note?: string } | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Who moved a consult: a signed-in user or the queue itself. */
export interface Actor {
  userId: string | null;
  role: string;
}
export const SYSTEM_ACTOR: Actor = { userId: null, role: 'system' };
