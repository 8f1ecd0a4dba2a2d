import type { ConsultEvents } from '../consults/consult-lifecycle';
import type { Observer } from '../events/typed-emitter';
import type { Metrics } from './metrics';

/** Transition reasons the queue writes when an offer ends unanswered. */
const CLOSED_OFFER: Record<string, string> = {
  offer_declined: 'declined',
  offer_timed_out: 'timed_out',
};

const seconds = (from: Date | null, to: Date) =>
  from ? Math.max(0, (to.getTime() - from.getTime()) / 1000) : null;

/**
 * Queue and call timings read off the consult lifecycle's transitions: the
 * time in line before each offer, offers that ended unanswered, and the time
 * from accept to the call's first media (the move to in_call).
 */
export function watchConsults(
  consults: { observer: Observer<ConsultEvents> },
  metrics: Metrics,
): () => void {
  return consults.observer.on('transition', (t) => {
    if (t.to === 'offered') {
      const s = seconds(t.consult.queuedAt ?? t.consult.createdAt, t.at);
      if (s !== null) metrics.submitToOffer.observe(s);
    }
    const outcome = CLOSED_OFFER[t.reason];
    if (outcome) metrics.offersClosed.inc({ outcome });
    if (t.to === 'in_call') {
      const s = seconds(t.consult.acceptedAt, t.at);
      if (s !== null) metrics.callSetup.observe(s);
    }
  });
}
