import { auditInsert } from '../audit/audit-log';
import type { Principal } from '../auth/roles';
import {
  actorOf,
  SYSTEM_ACTOR,
  type Actor,
  type Consult,
} from '../consults/consult';
import { AppError } from '../errors';
import type { QueueDeps } from './queue-deps';
import type { QueueDispatcher } from './queue-dispatcher';
import {
  acceptGuard,
  closeOffer,
  offerNotLive,
} from './queue-offer-repository';
import {
  availabilityUpsert,
  writeAvailability,
} from './worker-availability-repository';

export interface QueueOffersDeps extends QueueDeps {
  dispatcher: QueueDispatcher;
  /** Availability changed: duty counts of the program are stale. */
  dutyChanged: (programId: string) => void;
}

/** Offer outcomes: accepted, declined, rang out. PostgreSQL decides which one wins. */
export class QueueOffers {
  constructor(private readonly deps: QueueOffersDeps) {}

  async accept(
    p: Principal,
    offerId: string,
  ): Promise<{ consultId: string; status: 'accepted' }> {
    const { consults, dispatcher, store } = this.deps;
    const now = this.deps.clock.now();
    // One statement: the offer closes, the consult is assigned, the psychiatrist is busy and it is audited, or none of it.
    let c: Consult;
    try {
      c = await consults.offerAccepted(now, offerId, actorOf(p), {
        guard: acceptGuard(offerId, p.userId, now),
        alongside: [
          availabilityUpsert(
            {
              userId: p.userId,
              programId: p.programId,
              status: 'busy',
              reason: 'in_consult',
              now,
            },
            'upd',
          ),
          auditInsert(
            {
              action: 'consult.accept',
              userId: p.userId,
              role: p.role,
              resourceType: 'consult',
            },
            {
              source: 'upd',
              patientId: 'upd."patientId"',
              resourceId: 'upd.id',
            },
          ),
        ],
      });
    } catch (err) {
      // Whatever moved first (another psychiatrist, a cancel, the timeout), for this psychiatrist the offer is gone.
      if (err instanceof AppError && err.kind !== 'internal')
        throw offerNotLive();
      throw err;
    }
    dispatcher.clearTimer(offerId);
    // Busy before the offer is released: in between, another instance must not see them free.
    // Issued together, they still reach the store in this order (one connection, commands in call order).
    await Promise.all([
      store.setAvailability(p.userId, 'busy', now.getTime()),
      store.removeEntry(c.programId, c.id),
      store.release(c.id, offerId),
    ]);
    this.deps.live.toUser(p.userId, 'queue:availability', {
      status: 'busy',
      reason: 'in_consult',
    });
    dispatcher.kick(c.programId);
    return { consultId: c.id, status: 'accepted' };
  }

  async decline(p: Principal, offerId: string, reason: string): Promise<void> {
    const { consults } = this.deps;
    const now = this.deps.clock.now();
    const o = await consults.transaction(now, async (t) => {
      const offer = await closeOffer(
        t.q,
        { offerId, psychiatristId: p.userId },
        'declined',
        reason,
        now,
      );
      if (!offer) throw offerNotLive();
      await consults.offerClosed(
        t,
        offer.consultId,
        offerId,
        actorOf(p),
        'offer_declined',
      );
      return offer;
    });
    await this.deps.dispatcher.offerClosed(o, 'declined', true);
  }

  /** Timer or sweep: an offer rang out. Exactly one instance wins the conditional update. */
  async expireOffer(offerId: string): Promise<void> {
    if (this.deps.stopped()) return;
    const { consults } = this.deps;
    const now = this.deps.clock.now();
    const result = await consults.transaction(now, async (t) => {
      const o = await closeOffer(
        t.q,
        { offerId, expiredBy: now },
        'timed_out',
        'no_answer',
        now,
      );
      if (!o) return null;
      await consults.offerClosed(
        t,
        o.consultId,
        offerId,
        SYSTEM_ACTOR,
        'offer_timed_out',
      );
      const settings = await this.deps.settings.queue(o.programId);
      const away = settings.awayAfterMissedOffer
        ? await writeAvailability(t.q, {
            userId: o.workerId,
            programId: o.programId,
            status: 'away',
            reason: 'missed_offer',
            now,
            onlyFrom: ['available'],
          })
        : null;
      return { o, away };
    });
    if (!result) return;
    if (result.away) {
      await this.deps.store.setAvailability(
        result.o.workerId,
        'away',
        now.getTime(),
      );
      this.deps.dutyChanged(result.o.programId);
      this.deps.live.toUser(result.o.workerId, 'queue:availability', {
        status: 'away',
        reason: 'missed_offer',
      });
    }
    await this.deps.dispatcher.offerClosed(result.o, 'timed_out', true);
  }
}
