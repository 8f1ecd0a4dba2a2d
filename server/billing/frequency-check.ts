import { daysBetween } from './calendar-days';
import type { PriorLineFact, Reason } from './billing-facts';

/**
 * "At most once per N days per patient": blocked when one of `codes` is
 * already billable (ready or held; exported lines are ready) for this patient
 * on a date of service fewer than N days before this one. Same-day ties go to
 * the line whose key sorts first, so two consults never block each other.
 */
export function checkFrequency(
  prior: readonly PriorLineFact[],
  codes: readonly string[],
  days: number,
  dateOfService: string,
  lineKey: string,
  rule: string,
): Reason | null {
  const hit = prior.find((p) => {
    if (
      p.lineKey === lineKey ||
      !codes.includes(p.code) ||
      (p.status !== 'ready' && p.status !== 'held')
    )
      return false;
    const gap = daysBetween(p.dateOfService, dateOfService);
    return gap >= 0 && gap < days && (gap > 0 || p.lineKey < lineKey);
  });
  if (!hit) return null;
  return {
    rule,
    outcome: 'blocked',
    message: `${hit.code} is already billed for this patient on ${hit.dateOfService}, fewer than ${days} days before ${dateOfService}.`,
    data: {
      priorLineKey: hit.lineKey,
      priorCode: hit.code,
      priorDateOfService: hit.dateOfService,
      windowDays: days,
    },
  };
}
