import { isQueueWorker, type Principal } from '../auth/roles';
import { actorOf, SYSTEM_ACTOR, type Actor } from '../consults/consult';
import type { MoveTx } from '../consults/consult-moves';
import { badRequest } from '../errors';
import type { OfferEvent } from '../../signaling/protocol/queue-events';
import { offerEvent } from './offer-event';
import {
  abandonAcceptedOffer,
  acceptedConsultIds,
} from './queue-consult-repository';
import type { QueueDeps } from './queue-deps';
import type { QueueDispatcher } from './queue-dispatcher';
import type { QueueLine } from './queue-line';
import { closeOffer, liveOfferOf } from './queue-offer-repository';
import { loadEntries } from './queue-repository';
import {
  loadWorkers,
  writeAvailability,
} from './worker-availability-repository';
import type { Availability, LiveOffer } from './queue-types';

export interface QueuePresenceDeps extends QueueDeps {
  instanceId: string;
  /** How long a connection stamp counts as present. */
  connectionTtlMs: number;
  dispatcher: QueueDispatcher;
  line: QueueLine;
  /** Availability changed: duty counts of the program are stale. */
  dutyChanged: (programId: string) => void;
}

/**
 * Psychiatrists' presence and availability: their sockets on this instance,
 * the connection stamps every instance reads, the availability they choose,
 * and going offline when gone past the grace period.
 */
export class QueuePresence {
  /** This instance's sockets per psychiatrist. */
  private readonly sockets = new Map<
    string,
    { programId: string; ids: Set<string> }
  >();

  constructor(private readonly deps: QueuePresenceDeps) {}

  private nowMs(): number {
    return this.deps.clock.now().getTime();
  }

  /** Stamps this instance's connected psychiatrists as present for another TTL. */
  async heartbeat(): Promise<void> {
    await this.deps.store.touchConnections(
      this.deps.instanceId,
      [...this.sockets.keys()],
      this.nowMs() + this.deps.connectionTtlMs,
    );
  }

  async connect(p: Principal, socketId: string): Promise<void> {
    const { store } = this.deps;
    const mine = this.sockets.get(p.userId) ?? {
      programId: p.programId,
      ids: new Set<string>(),
    };
    mine.ids.add(socketId);
    this.sockets.set(p.userId, mine);
    const [worker] = await loadWorkers(this.deps.db, { userId: p.userId });
    if (worker) await store.putWorker(worker);
    await store.touchConnections(
      this.deps.instanceId,
      [p.userId],
      this.nowMs() + this.deps.connectionTtlMs,
    );
    this.deps.dutyChanged(p.programId);
    this.deps.dispatcher.kick(p.programId);
  }

  async disconnect(userId: string, socketId: string): Promise<void> {
    const mine = this.sockets.get(userId);
    if (!mine) return;
    mine.ids.delete(socketId);
    if (mine.ids.size) return;
    this.sockets.delete(userId);
    if (!this.deps.stopped())
      await this.deps.store.dropConnection(
        this.deps.instanceId,
        userId,
        this.nowMs(),
      );
    this.deps.dutyChanged(mine.programId);
  }

  isLocallyConnected(userId: string): boolean {
    return this.sockets.has(userId);
  }

  async setAvailability(
    p: Principal,
    status: Exclude<Availability, 'busy'>,
  ): Promise<{ status: Availability }> {
    if (!isQueueWorker(p.role))
      throw badRequest(
        'not_a_psychiatrist',
        'Only psychiatrists and behavioral health clinicians have an availability.',
      );
    const now = this.deps.clock.now();
    const result = await this.deps.consults.transaction(now, async (t) => {
      const a = await writeAvailability(t.q, {
        userId: p.userId,
        programId: p.programId,
        status,
        reason: 'chosen',
        now,
      });
      const offer =
        status === 'available'
          ? null
          : await this.withdrawOfferOf(
              t,
              p.userId,
              'psychiatrist_unavailable',
              actorOf(p),
            );
      return { a: a!, offer };
    });
    await this.deps.store.setAvailability(
      p.userId,
      status,
      now.getTime(),
      result.a.idleSince.getTime(),
    );
    this.deps.dutyChanged(p.programId);
    if (result.offer)
      await this.deps.dispatcher.offerClosed(
        result.offer,
        'psychiatrist_unavailable',
        false,
      );
    this.deps.live.toUser(p.userId, 'queue:availability', {
      status,
      reason: 'chosen',
    });
    this.deps.dispatcher.kick(p.programId);
    return { status };
  }

  private async withdrawOfferOf(
    t: MoveTx,
    userId: string,
    reason: string,
    actor: Actor,
  ): Promise<LiveOffer | null> {
    const o = await closeOffer(
      t.q,
      { psychiatristId: userId },
      'withdrawn',
      reason,
      t.now,
    );
    if (o)
      await this.deps.consults.offerClosed(
        t,
        o.consultId,
        o.offerId,
        actor,
        reason,
      );
    return o;
  }

  /**
   * A psychiatrist gone past the grace period: offline, their ringing offer goes
   * on, and a consult they accepted but never started returns to the front of the line.
   */
  async goOffline(userId: string, programId: string): Promise<void> {
    const { consults } = this.deps;
    const now = this.deps.clock.now();
    const reason = 'psychiatrist_disconnected';
    const result = await consults.transaction(now, async (t) => {
      const offer = await this.withdrawOfferOf(t, userId, reason, SYSTEM_ACTOR);
      const returned = await acceptedConsultIds(t.q, userId);
      for (const id of returned) {
        await abandonAcceptedOffer(t.q, id, reason);
        await consults.abandoned(t, id, reason);
      }
      const a = await writeAvailability(t.q, {
        userId,
        programId,
        status: 'offline',
        reason: 'disconnected',
        now,
        onlyFrom: ['available', 'busy', 'away'],
      });
      return { offer, returned, changed: !!a };
    });
    await this.deps.store.setAvailability(userId, 'offline', now.getTime());
    this.deps.dutyChanged(programId);
    if (result.offer)
      await this.deps.dispatcher.offerClosed(result.offer, reason, false);
    for (const id of result.returned) await this.deps.line.enqueue(id);
    if (result.changed)
      this.deps.live.toUser(userId, 'queue:availability', {
        status: 'offline',
        reason: 'disconnected',
      });
  }

  /** What a (re)connecting psychiatrist needs: availability and the offer ringing for them. */
  async myState(
    p: Principal,
  ): Promise<{ status: Availability; offer: OfferEvent | null }> {
    const { db } = this.deps;
    const [w] = await loadWorkers(db, { userId: p.userId });
    const o = await liveOfferOf(db, p.userId);
    let offer: OfferEvent | null = null;
    if (o) {
      const [entry] = await loadEntries(
        db,
        { consultId: o.consultId },
        this.deps.clock.now(),
      );
      if (entry) offer = offerEvent(entry, o);
    }
    return { status: w?.availability ?? 'offline', offer };
  }
}
