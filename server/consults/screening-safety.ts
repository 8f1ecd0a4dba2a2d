import type { Screening } from '../../signaling/protocol/rest/consults';

// The screen's wire shape lives in the wire contract.
export {
  SCREENING_INSTRUMENTS,
  screeningSchema,
  type Screening,
} from '../../signaling/protocol/rest/consults';

/** Item 9 > 0 needs same-day follow-up: never stored silently. */
export function suicideRiskPositive(s: Screening | undefined | null): boolean {
  return !!s && (s.items[8] ?? 0) > 0;
}

export function phqTotal(s: Screening): number {
  return s.items.reduce((a, b) => a + b, 0);
}
