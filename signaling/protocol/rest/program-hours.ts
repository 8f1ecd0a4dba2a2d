import { z } from 'zod';

/** When the program answers, in its own time zone (GET/PUT /api/program/hours). */
export const WEEKDAYS = [
  'sun',
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const clock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'is HH:MM (24-hour)');

export const openingSchema = z
  .object({ open: clock, close: clock })
  .refine((o) => o.open < o.close, 'open is before close, on the same day');

export const programHoursSchema = z
  .object({
    /** Opening spans per weekday; a day left out is closed. */
    weekly: z
      .partialRecord(z.enum(WEEKDAYS), z.array(openingSchema).max(4))
      .default({}),
    /** Local dates the program is closed all day. */
    holidays: z.array(z.iso.date()).max(100).default([]),
  })
  .strict();
export type ProgramHours = z.infer<typeof programHoursSchema>;

/** Program hours as a PCP sees them before asking. */
export const hoursStatusSchema = z.object({
  configured: z.boolean(),
  open: z.boolean(),
  timeZone: z.string(),
  nextOpening: z.string().nullable(),
  crisisGuidance: z.string(),
});
