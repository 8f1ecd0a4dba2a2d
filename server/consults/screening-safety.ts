import { z } from 'zod';

/**
 * A screen attached to a consult request. PHQ-9 and PHQ-A share the nine PHQ
 * items; item 9 asks about thoughts of self-harm.
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

/** Item 9 > 0 needs same-day follow-up: never stored silently. */
export function suicideRiskPositive(s: Screening | undefined | null): boolean {
  return !!s && (s.items[8] ?? 0) > 0;
}

export function phqTotal(s: Screening): number {
  return s.items.reduce((a, b) => a + b, 0);
}
