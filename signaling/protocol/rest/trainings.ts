import { z } from 'zod';

/** The program's training log (education sessions for enrolled providers). */
export const TRAINING_FORMATS = [
  'in_person',
  'live_virtual',
  'recorded',
  'hybrid',
] as const;

export const trainingInputSchema = z
  .object({
    heldOn: z.iso.date(),
    topic: z.string().trim().min(1).max(300),
    format: z.enum(TRAINING_FORMATS),
    presenter: z.string().trim().min(1).max(200),
    minutes: z.number().int().min(1).max(1440),
    cmeCredits: z.number().min(0).max(100).multipleOf(0.25).default(0),
    /** Enrolled providers (PCP user ids) who attended. */
    attendeeIds: z.array(z.uuid()).max(2000).default([]),
  })
  .strict();
export type TrainingInput = z.infer<typeof trainingInputSchema>;

export const trainingSchema = trainingInputSchema.extend({ id: z.uuid() });
export type Training = z.infer<typeof trainingSchema>;
