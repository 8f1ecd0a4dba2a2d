import { z } from 'zod';

/** The on-call roster: psychiatrist shifts in the program's time zone. */

const clock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'is HH:MM (24-hour)');

/** One shift as an admin enters it: an end at or before the start ends the next day. */
export const shiftInputSchema = z
  .object({
    psychiatristId: z.uuid(),
    date: z.iso.date(),
    start: clock,
    end: clock,
  })
  .strict();
export type ShiftInput = z.infer<typeof shiftInputSchema>;

export const shiftSchema = shiftInputSchema.extend({
  id: z.uuid(),
  psychiatristName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
});
export type Shift = z.infer<typeof shiftSchema>;

export const rosterQuerySchema = z
  .object({ from: z.iso.date(), to: z.iso.date() })
  .strict();
