import type { Queryable } from '../db/database';
import type { Statement } from '../db/statement';
import { badRequest } from '../errors';
import {
  SYSTEM_ACTOR,
  type Actor,
  type Consult,
  type ConsultOutcome,
} from './consult';
import {
  TransitionTx,
  type ConsultEvents,
  type ConsultLifecycle,
  type MoveOptions,
} from './consult-lifecycle';
import type { Observer } from '../events/typed-emitter';

/**
 * A transaction another module (the queue) writes its own rows in, alongside
 * the consult moves it asks for. It cannot move a consult itself: it hands
 * the transaction back to one of the named moves below.
 */
export interface MoveTx {
  readonly q: Queryable;
  readonly now: Date;
}

type Guard = NonNullable<MoveOptions['guard']>;

/** A consult never completes without its coded outcome: the KPIs count it. */
const outcomeColumns = (o: ConsultOutcome | undefined) => {
  if (!o?.disposition)
    throw badRequest(
      'disposition_required',
      'A consult completes only with a disposition: choose where the patient goes next.',
    );
  return {
    disposition: o.disposition,
    diagnosis_categories: [...o.diagnosisCategories],
  };
};

const txOf = (tx: MoveTx): TransitionTx => {
  if (!(tx instanceof TransitionTx))
    throw new Error('a consult move needs a transaction from ConsultMoves');
  return tx;
};

/**
 * The consult service's transitions: the only holder of the consult
 * lifecycle. The queue and the consult service ask for a move by what
 * happened (an offer was made, declined, accepted...); which statuses it
 * leaves and enters is decided here, against the state machine's table.
 */
export class ConsultMoves {
  constructor(private readonly lifecycle: ConsultLifecycle) {}

  /** Every stored status change on this instance, after commit. */
  get observer(): Observer<ConsultEvents> {
    return this.lifecycle.observer;
  }

  /** Runs `work` in one transaction; moves asked for inside commit with it. */
  async transaction<T>(
    now: Date,
    work: (tx: MoveTx) => Promise<T>,
  ): Promise<T> {
    return (await this.lifecycle.run(now, work)).result;
  }

  /** The consult service's own statements (a consult's birth). */
  async runStatement<T>(
    now: Date,
    work: (tx: TransitionTx) => Promise<T>,
  ): Promise<{ result: T }> {
    return this.lifecycle.runStatement(now, work);
  }

  /** One statement that moves a consult (with its guard). */
  private async statement<T>(
    now: Date,
    work: (tx: TransitionTx) => Promise<T>,
  ): Promise<T> {
    return (await this.lifecycle.runStatement(now, work)).result;
  }

  /** queued -> offered, written with the offer row (the guard) or not at all. */
  offerMade(
    now: Date,
    offer: { consultId: string; offerId: string; psychiatristId: string },
    guard: Guard,
  ): Promise<Consult> {
    return this.statement(now, (t) =>
      t.move(offer.consultId, 'offered', SYSTEM_ACTOR, 'offer_made', {
        expect: ['queued'],
        guard,
        details: {
          offerId: offer.offerId,
          psychiatristId: offer.psychiatristId,
        },
      }),
    );
  }

  /** offered -> accepted by the psychiatrist the offer rang for. */
  offerAccepted(
    now: Date,
    offerId: string,
    actor: Actor,
    o: { guard: Guard; alongside: readonly Statement[] },
  ): Promise<Consult> {
    return this.statement(now, (t) =>
      t.move({ ofOffer: offerId }, 'accepted', actor, 'offer_accepted', {
        expect: ['offered'],
        set: {
          assigned_psychiatrist_id: actor.userId,
          accepted_at: now,
          front_of_line: false,
        },
        details: { offerId },
        guard: o.guard,
        alongside: o.alongside,
      }),
    );
  }

  /** offered -> queued: the offer was declined, rang out or was withdrawn. */
  offerClosed(
    tx: MoveTx,
    consultId: string,
    offerId: string,
    actor: Actor,
    reason: string,
  ): Promise<Consult> {
    return txOf(tx).move(consultId, 'queued', actor, reason, {
      expect: ['offered'],
      details: { offerId },
    });
  }

  /** accepted -> queued, at the front: the psychiatrist left before the call. */
  abandoned(tx: MoveTx, consultId: string, reason: string): Promise<Consult> {
    return txOf(tx).move(consultId, 'queued', SYSTEM_ACTOR, reason, {
      expect: ['accepted'],
      set: { assigned_psychiatrist_id: null, front_of_line: true },
    });
  }

  /** triage -> queued: a coordinator sends the request to the psychiatrists. */
  forwarded(now: Date, consultId: string, actor: Actor): Promise<Consult> {
    return this.statement(now, (t) =>
      t.move(consultId, 'queued', actor, 'forwarded_by_coordinator', {
        expect: ['triage'],
        set: { queued_at: now },
      }),
    );
  }

  /** Cancelled (by a person) or expired (unanswered while waiting). */
  ended(
    tx: MoveTx,
    consultId: string,
    to: 'cancelled' | 'expired',
    actor: Actor,
    reason: string,
  ): Promise<Consult> {
    return txOf(tx).move(
      consultId,
      to,
      actor,
      reason,
      to === 'expired' ? { expect: ['triage', 'queued', 'offered'] } : {},
    );
  }

  /** triage -> completed: a coordinator answered a resource request. */
  resolved(
    now: Date,
    consultId: string,
    actor: Actor,
    resolution: { resources: string[]; note?: string },
    outcome: ConsultOutcome,
  ): Promise<Consult> {
    const coded = outcomeColumns(outcome);
    return this.statement(now, (t) =>
      t.move(consultId, 'completed', actor, 'resolved_by_coordinator', {
        expect: ['triage'],
        set: { resolution, completed_at: now, ...coded },
      }),
    );
  }

  /** -> in_call: media first connected. */
  inCall(now: Date, consultId: string, actor: Actor): Promise<Consult> {
    return this.statement(now, (t) =>
      t.move(consultId, 'in_call', actor, 'media_connected', {
        set: { call_started_at: now },
      }),
    );
  }

  /**
   * -> wrap_up (the call ended) or completed (the consult is done), in one
   * statement with `free` (the psychiatrist's availability
   * going back from busy, reading the moved consult as `upd`): no
   * transaction, so the engine is not held between the two. `freed` is
   * told whether that write happened.
   */
  finishedFreeing(
    now: Date,
    consultId: string,
    to: 'wrap_up' | 'completed',
    actor: Actor,
    reason: string,
    outcome: ConsultOutcome | undefined,
    free: { statement: Statement; freed: (wrote: boolean) => void },
  ): Promise<Consult> {
    const set =
      to === 'completed'
        ? { completed_at: now, ...outcomeColumns(outcome) }
        : {};
    return this.statement(now, (t) =>
      t.move(consultId, to, actor, reason, {
        set,
        alongside: [free.statement],
        alongsideWrote: ([wrote]) => free.freed(!!wrote),
      }),
    );
  }

  // Written eConsults (server/econsults): the pool, the clarification pause
  // and the written reply. Each is one statement; alongside rows (audit,
  // thread message) are written with the move or not at all.

  /** pooled -> claimed: the one conditional UPDATE that decides a claim. */
  claimed(
    now: Date,
    consultId: string,
    actor: Actor,
    o: { guard: Guard; alongside: readonly Statement[] },
  ): Promise<Consult> {
    return this.statement(now, (t) =>
      t.move(consultId, 'claimed', actor, 'claimed_from_pool', {
        expect: ['pooled'],
        set: { assigned_psychiatrist_id: actor.userId, accepted_at: now },
        guard: o.guard,
        alongside: o.alongside,
      }),
    );
  }

  /** claimed -> awaiting_pcp: the psychiatrist asked; the reply clock pauses. */
  clarificationAsked(
    now: Date,
    consultId: string,
    actor: Actor,
    alongside: readonly Statement[],
  ): Promise<Consult> {
    return this.statement(now, (t) =>
      t.move(consultId, 'awaiting_pcp', actor, 'clarification_asked', {
        expect: ['claimed'],
        set: { awaiting_pcp_since: now },
        alongside,
      }),
    );
  }

  /** awaiting_pcp -> claimed: the PCP answered; the pause joins the total. */
  clarificationAnswered(
    now: Date,
    consultId: string,
    actor: Actor,
    alongside: readonly Statement[],
  ): Promise<Consult> {
    return this.statement(now, (t) =>
      t.move(consultId, 'claimed', actor, 'clarification_answered', {
        expect: ['awaiting_pcp'],
        set: { awaiting_pcp_since: null },
        setFromRow: {
          reply_paused_seconds:
            'c.reply_paused_seconds + GREATEST(0, floor(EXTRACT(EPOCH FROM ' +
            '($4::timestamptz - c.awaiting_pcp_since))))::int',
        },
        alongside,
      }),
    );
  }

  /** claimed -> completed: the written reply (the report) was signed. */
  replied(
    tx: MoveTx,
    consultId: string,
    actor: Actor,
    outcome: ConsultOutcome,
  ): Promise<Consult> {
    return txOf(tx).move(consultId, 'completed', actor, 'written_reply', {
      expect: ['claimed'],
      set: { completed_at: tx.now, ...outcomeColumns(outcome) },
    });
  }

  /** pooled -> expired: nobody claimed it within the program's setting. */
  poolExpired(
    now: Date,
    consultId: string,
    alongside: readonly Statement[],
  ): Promise<Consult> {
    return this.statement(now, (t) =>
      t.move(consultId, 'expired', SYSTEM_ACTOR, 'unclaimed_expired', {
        expect: ['pooled'],
        alongside,
      }),
    );
  }
}
