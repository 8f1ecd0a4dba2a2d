import { z } from 'zod';
import { isoDate } from '../patients/patient';

/** How a care manager reached (or tried to reach) the patient. */
export const CONTACT_MODES = [
  'phone',
  'video',
  'in_person',
  'message',
] as const;
export const CONTACT_OUTCOMES = [
  'reached',
  'left_message',
  'no_answer',
  'rescheduled',
] as const;
/** What the psychiatric consultant recommends after a case review. */
export const RECOMMENDATIONS = [
  'medication_change',
  'dose_change',
  'diagnosis_question',
  'refer',
  'continue',
] as const;
export const TASK_DECISIONS = ['accepted', 'declined'] as const;

/** A contact: start plus minutes, or start and end (the ledger's two shapes). */
export const contactBodySchema = z
  .object({
    mode: z.enum(CONTACT_MODES),
    outcome: z.enum(CONTACT_OUTCOMES),
    startedAt: z.iso.datetime({ offset: true }),
    endedAt: z.iso.datetime({ offset: true }).optional(),
    minutes: z.number().int().min(1).max(240).optional(),
    nextContactOn: isoDate.optional(),
  })
  .refine((e) => (e.endedAt === undefined) !== (e.minutes === undefined), {
    path: ['minutes'],
    message: 'give either minutes or endedAt, not both',
  });
export type ContactBody = z.output<typeof contactBodySchema>;

/** A contact's next contact date, set or changed after it was written. */
export const nextContactBodySchema = z.object({ nextContactOn: isoDate });

/**
 * Whether a next contact date is refused: one before the program's today
 * (both YYYY-MM-DD, so the strings order as the dates do). Today itself is
 * a date the care manager may still call on.
 */
export const isPastDate = (date: string, today: string): boolean =>
  date < today;

export const reviewBodySchema = z.object({
  recommendation: z.enum(RECOMMENDATIONS),
  note: z.string().trim().min(1).max(4000),
  /** The consultant's review time for this patient (logged as their time). */
  minutes: z.number().int().min(1).max(120),
});
export type ReviewBody = z.output<typeof reviewBodySchema>;

export const decisionBodySchema = z.object({
  decision: z.enum(TASK_DECISIONS),
});

export const contactSchema = z.object({
  id: z.uuid(),
  mode: z.enum(CONTACT_MODES),
  outcome: z.enum(CONTACT_OUTCOMES),
  contactedAt: z.string(),
  minutes: z.number().nullable(),
  nextContactOn: z.string().nullable(),
  ledgerEntryId: z.uuid().nullable(),
});

export const reviewSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  patientName: z.string(),
  consultantName: z.string(),
  recommendation: z.enum(RECOMMENDATIONS),
  note: z.string(),
  reviewedAt: z.string(),
  minutes: z.number(),
  taskStatus: z.enum(['pending', ...TASK_DECISIONS]),
  decidedAt: z.string().nullable(),
});
