import { AppError } from '../errors';
import type { OfferWithdrawnEvent } from '../../signaling/protocol/queue-events';
import { newOffer, offerEvent } from './offer-event';
import type { QueueDeps } from './queue-deps';
import { offerGuard } from './queue-offer-repository';
import type { LiveOffer } from './queue-types';
import { planOffers, type PlannedOffer } from './routing';

const isUniqueViolation = (err: unknown) =>
  (err as { code?: string })?.code === '23505';

export interface QueueDispatcherDeps extends QueueDeps {
  /** An offer's timer ran out (the offers part decides what that means). */
  expire: (offerId: string) => Promise<void>;
  /** PostgreSQL refused an offer the store allowed: bring the store up to date. */
  repair: (offer: LiveOffer) => Promise<void>;
}

/**
 * Dispatch: plans offers from the store, reserves each pair there, lets
 * PostgreSQL commit them, rings the psychiatrist and times the ring. Rounds of
 * one program never overlap on one instance.
 */
export class QueueDispatcher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly rounds = new Map<
    string,
    { running: boolean; dirty: boolean }
  >();
  /** Offers reserved in the store whose PostgreSQL write is in flight. */
  private readonly commits = new Set<Promise<void>>();

  constructor(private readonly deps: QueueDispatcherDeps) {}

  /** Waits for offers being committed, then drops every timer. */
  async stop(): Promise<void> {
    await Promise.allSettled([...this.commits]);
    for (const t of this.timers.values()) clearTimeout(t);
  }

  /** Asks for a dispatch round of a program; rounds never overlap on one instance. */
  kick(programId: string): void {
    if (this.deps.stopped()) return;
    let round = this.rounds.get(programId);
    if (!round)
      this.rounds.set(programId, (round = { running: false, dirty: false }));
    if (round.running) {
      round.dirty = true;
      return;
    }
    round.running = true;
    const state = round;
    void (async () => {
      let retries = 0;
      try {
        do {
          state.dirty = false;
          const conflicted = await this.dispatchOnce(programId);
          // A lost race means someone else moved; look again, but not forever.
          if (conflicted && retries++ < 3) state.dirty = true;
        } while (state.dirty && !this.deps.stopped());
      } catch (err) {
        if (!this.deps.stopped())
          this.deps.logger.error({ err, programId }, 'dispatch failed');
      } finally {
        state.running = false;
      }
    })();
  }

  /**
   * One round: plan from the store, reserve each pair there (atomic), then let
   * PostgreSQL commit the offers without holding up the next round: a
   * reservation keeps its pair out of later plans while it commits.
   */
  private async dispatchOnce(programId: string): Promise<boolean> {
    const { store } = this.deps;
    const settings = await this.deps.settings.queue(programId);
    const now = this.deps.clock.now();
    const plan = planOffers(
      await store.dispatchView(programId, now.getTime()),
      settings,
      now.getTime(),
    );
    const reserved = await Promise.all(
      plan.map(async (p) => {
        const offer = newOffer(p, settings.offerTimeoutSeconds, now);
        return (await store.reserve(offer, now.getTime())) === 'ok'
          ? { p, offer }
          : null;
      }),
    );
    for (const r of reserved) {
      if (!r) continue;
      const commit = this.commitOffer(r.p, r.offer, now).finally(() =>
        this.commits.delete(commit),
      );
      this.commits.add(commit);
    }
    return reserved.some((r) => !r);
  }

  private async commitOffer(
    p: PlannedOffer,
    offer: LiveOffer,
    now: Date,
  ): Promise<void> {
    try {
      // One statement: the offer row and the consult's move are written together or not at all.
      await this.deps.consults.offerMade(
        now,
        {
          consultId: offer.consultId,
          offerId: offer.offerId,
          psychiatristId: offer.workerId,
        },
        offerGuard(offer),
      );
    } catch (err) {
      if (!(err instanceof AppError) && !isUniqueViolation(err))
        this.deps.logger.error(
          { err, consultId: offer.consultId },
          'offer failed',
        );
      await this.deps.store
        .release(offer.consultId, offer.offerId)
        .catch(() => undefined);
      await this.deps.repair(offer).catch(() => undefined);
      this.kick(offer.programId);
      return;
    }
    this.armTimer(offer);
    this.deps.live.toUser(
      offer.workerId,
      'queue:offer',
      offerEvent(p.entry, offer),
    );
  }

  hasTimer(offerId: string): boolean {
    return this.timers.has(offerId);
  }

  armTimer(o: LiveOffer): void {
    this.clearTimer(o.offerId);
    const t = setTimeout(
      () => {
        this.timers.delete(o.offerId);
        this.deps
          .expire(o.offerId)
          .catch((err) =>
            this.deps.logger.error(
              { err, offerId: o.offerId },
              'offer timeout failed',
            ),
          );
      },
      Math.max(0, o.expiresAtMs - this.deps.clock.now().getTime()) + 10,
    );
    t.unref();
    this.timers.set(o.offerId, t);
  }

  clearTimer(offerId: string): void {
    const t = this.timers.get(offerId);
    if (t) clearTimeout(t);
    this.timers.delete(offerId);
  }

  /** After PostgreSQL closed an offer: free the pair, tell the psychiatrist, dispatch again. */
  async offerClosed(
    o: LiveOffer,
    reason: OfferWithdrawnEvent['reason'],
    excludeWorker: boolean,
  ): Promise<void> {
    this.clearTimer(o.offerId);
    await this.deps.store.release(o.consultId, o.offerId);
    if (excludeWorker) await this.deps.store.exclude(o.consultId, o.workerId);
    const ev: OfferWithdrawnEvent = {
      offerId: o.offerId,
      consultId: o.consultId,
      reason,
    };
    this.deps.live.toUser(o.workerId, 'queue:offer-withdrawn', ev);
    this.kick(o.programId);
  }
}
