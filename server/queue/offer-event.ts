import { randomUUID } from 'node:crypto';
import type { OfferEvent } from '../../signaling/protocol/queue-events';
import type { LiveOffer, QueueEntry } from './queue-types';
import type { PlannedOffer } from './routing';

/** A planned pairing as an offer ringing for `timeoutSeconds` from `now`. */
export function newOffer(
  p: PlannedOffer,
  timeoutSeconds: number,
  now: Date,
): LiveOffer {
  return {
    offerId: randomUUID(),
    consultId: p.entry.consultId,
    workerId: p.worker.userId,
    programId: p.entry.programId,
    offeredAtMs: now.getTime(),
    expiresAtMs: now.getTime() + Math.round(timeoutSeconds * 1000),
    escalationLevel: p.escalationLevel,
  };
}

/** What the psychiatrist's ring shows of an offer and its request. */
export function offerEvent(e: QueueEntry, o: LiveOffer): OfferEvent {
  return {
    offerId: o.offerId,
    consultId: o.consultId,
    offeredAt: new Date(o.offeredAtMs).toISOString(),
    expiresAt: new Date(o.expiresAtMs).toISOString(),
    ringSeconds: Math.round((o.expiresAtMs - o.offeredAtMs) / 100) / 10,
    escalationLevel: o.escalationLevel,
    summary: {
      ...e.summary,
      specialty: e.specialty,
      language: e.language,
      patientState: e.patientState,
    },
  };
}
