import type { CallEventFact } from '../billing/billing-facts';
import {
  intersectSpans,
  presenceOfCall,
  type Span,
  unionSpans,
} from '../billing/call-intervals';

/** The visit roles on the patient's side of a care-manager video contact. */
const PATIENT_SIDE: ReadonlySet<string> = new Set(['patient', 'guardian']);

/**
 * A video contact's time. The contact is written as start plus minutes
 * (not start and end), so a drop in the middle of the call is not counted.
 */
export interface VideoContactTime {
  startedAt: Date;
  endedAt: Date;
  /** Whole minutes the care manager and the patient side were connected. */
  minutes: number;
}

/**
 * The minutes a care-manager video contact counts, read from its call's
 * append-only event log: only while the care manager and the patient (or
 * guardian) were both connected, so a care manager waiting alone in the
 * call counts nothing. Whole minutes, rounded down as the billing engine
 * counts a month's minutes; under a minute together is no contact time
 * (null). A call whose end
 * event is missing is not counted yet (null): the contact is written once,
 * from the finished call.
 */
export function videoContactTime(
  events: readonly CallEventFact[],
  careManagerId: string,
): VideoContactTime | null {
  const sorted = [...events].sort((a, b) => a.at - b.at || a.id - b.id);
  const unfinished: string[] = [];
  const people = presenceOfCall(sorted, unfinished, []);
  if (!sorted.length || unfinished.length) return null;
  const manager: Span[] = [];
  const patient: Span[] = [];
  for (const p of people) {
    if (p.userId === careManagerId) manager.push(...p.spans);
    else if (p.role !== null && PATIENT_SIDE.has(p.role))
      patient.push(...p.spans);
  }
  const together = unionSpans(intersectSpans(manager, patient));
  const ms = together.reduce((n, s) => n + (s.end - s.start), 0);
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return null;
  return {
    startedAt: new Date(together[0]!.start),
    endedAt: new Date(together[together.length - 1]!.end),
    minutes,
  };
}
