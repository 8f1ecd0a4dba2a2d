import type { Database, Queryable } from '../db/database';
import { appendTo, type Statement } from '../db/statement';
import { conflict, notFound } from '../errors';
import { TypedEmitter } from '../events/typed-emitter';
import type { Logger } from '../logger';
import {
  CONSULT_STATUSES,
  type Actor,
  type Consult,
  type ConsultStatus,
} from './consult';
import { CONSULT_COLUMNS, findConsult } from './consult-repository';
import { assertTransition, canTransition } from './consult-state-machine';

/** One stored status change, announced to in-process listeners after it commits. */
export interface ConsultTransition {
  consult: Consult;
  from: ConsultStatus | null;
  to: ConsultStatus;
  at: Date;
  actor: Actor;
  reason: string;
  details?: Record<string, unknown>;
}
/** The consult lifecycle's domain events. */
export type ConsultEvents = { transition: [ConsultTransition] };

/** Columns a transition may set alongside the status. */
type Settable =
  | 'assigned_psychiatrist_id'
  | 'queued_at'
  | 'front_of_line'
  | 'accepted_at'
  | 'call_started_at'
  | 'completed_at'
  | 'resolution'
  | 'reason_categories'
  | 'escalation_level'
  | 'reply_paused_seconds'
  | 'awaiting_pcp_since'
  | 'disposition'
  | 'diagnosis_categories';

export interface MoveOptions {
  /** Refuse (409 consult_state_changed) unless the consult is in one of these now. */
  expect?: readonly ConsultStatus[];
  set?: Partial<Record<Settable, unknown>>;
  /**
   * Columns set from the row's own values, as SQL over `c` (the consult) and
   * `$4` (the move's time): the eConsult reply clock adds the pause it ends.
   */
  setFromRow?: Partial<Record<Settable, string>>;
  details?: Record<string, unknown>;
  /**
   * A write that must happen with the move or not at all, in the same
   * statement: `sql(p)` is a data-modifying query returning a row only when it
   * wrote, given the placeholder of its first parameter; the move happens only
   * if it returned one. `prev` (the consult row, locked) and `$2` (the allowed
   * from-statuses) are in scope, so it can require the move's own condition.
   */
  guard?: {
    sql: (firstParam: number) => string;
    params: unknown[];
    refusal: () => Error;
  };
  /**
   * Writes made in the same statement only if the move is made: each reads
   * `FROM upd` (the moved consult, named as in CONSULT_COLUMNS) so it writes
   * nothing otherwise. Saves the transaction around a move and its side rows.
   */
  alongside?: readonly Statement[];
  /**
   * Told, per alongside write, whether it wrote (returned a row): for
   * alongside statements with RETURNING whose effect the caller acts on.
   */
  alongsideWrote?: (wrote: boolean[]) => void;
}

/** A consult by id, or the consult a given offer was made for. */
export type ConsultRef = string | { ofOffer: string };

/** A transaction in which consult transitions are written; see ConsultLifecycle.run. */
export class TransitionTx {
  readonly done: ConsultTransition[] = [];
  constructor(
    readonly q: Queryable,
    readonly now: Date,
  ) {}

  /**
   * The birth of a consult, inserted directly in the status of its first step
   * (triage or queued): requested, then that step. Returns the log rows as a
   * statement to send with the insert, and `stored`, to call with the inserted
   * consult so both steps are announced in order.
   */
  birth(
    consultId: string,
    first: ConsultStatus,
    actor: Actor,
    reason: string,
    firstStep: { actor: Actor; reason: string },
  ): { log: Statement; stored(consult: Consult): void } {
    assertTransition('requested', first);
    const steps = [
      { from: null, to: 'requested' as ConsultStatus, actor, reason },
      { from: 'requested' as ConsultStatus, to: first, ...firstStep },
    ];
    const rows = steps.map(
      (_, i) =>
        `($1::uuid, $${5 * i + 3}, $${5 * i + 4}, $2::timestamptz, $${5 * i + 5}::uuid, $${5 * i + 6}, $${5 * i + 7})`,
    );
    return {
      log: {
        sql: `INSERT INTO consult_transitions (consult_id, from_status, to_status, at, actor_user_id, actor_role, reason) VALUES ${rows.join(', ')}`,
        params: [
          consultId,
          this.now,
          ...steps.flatMap((st) => [
            st.from,
            st.to,
            st.actor.userId,
            st.actor.role,
            st.reason,
          ]),
        ],
      },
      stored: (consult) => {
        for (const st of steps)
          this.done.push({
            consult: { ...consult, status: st.to },
            from: st.from,
            to: st.to,
            at: this.now,
            actor: st.actor,
            reason: st.reason,
          });
      },
    };
  }

  /**
   * Locks the consult, checks the table, updates it conditionally on the status it
   * read and logs the transition. An illegal arrow throws IllegalTransitionError.
   */
  async move(
    ref: ConsultRef,
    to: ConsultStatus,
    actor: Actor,
    reason: string,
    o: MoveOptions = {},
  ): Promise<Consult> {
    // The table decides which statuses may lead here; one statement locks, updates and logs.
    const allowed = CONSULT_STATUSES.filter(
      (from) =>
        canTransition(from, to) && (!o.expect || o.expect.includes(from)),
    );
    const byOffer = typeof ref !== 'string';
    const params: unknown[] = [
      byOffer ? ref.ofOffer : ref,
      allowed,
      to,
      this.now,
      actor.userId,
      actor.role,
      reason,
      o.details ? JSON.stringify(o.details) : null,
    ];
    const sets = ['status = $3', 'updated_at = $4'];
    for (const [col, value] of Object.entries(o.set ?? {})) {
      params.push(
        col === 'resolution' && value !== null ? JSON.stringify(value) : value,
      );
      sets.push(
        `${col} = $${params.length}${col === 'resolution' ? '::jsonb' : ''}`,
      );
    }
    for (const [col, expr] of Object.entries(o.setFromRow ?? {}))
      sets.push(`${col} = ${expr}`);
    const guard = o.guard
      ? `guard AS (${o.guard.sql(params.length + 1)}),`
      : '';
    if (o.guard) params.push(...o.guard.params);
    const alongside = (o.alongside ?? []).map(
      (s, i) => `, side${i} AS (${appendTo(params, s)})`,
    );
    const target = byOffer
      ? '(SELECT consult_id FROM consult_offers WHERE id = $1)'
      : '$1';
    const report = o.alongsideWrote
      ? `, ARRAY[${alongside.map((_, i) => `EXISTS (SELECT 1 FROM side${i})`).join(', ')}]::boolean[] AS "alongsideWrote"`
      : '';
    const { rows } = await this.q.query<
      Consult & { previousStatus: ConsultStatus; alongsideWrote?: boolean[] }
    >(
      `WITH prev AS (SELECT id, status FROM consults WHERE id = ${target} FOR UPDATE), ${guard}
       upd AS (UPDATE consults c SET ${sets.join(', ')} FROM prev${o.guard ? ', (SELECT 1 FROM guard LIMIT 1) g' : ''}
               WHERE c.id = prev.id AND prev.status = ANY($2::text[])
               RETURNING ${CONSULT_COLUMNS}, prev.status AS "previousStatus"),
       logged AS (INSERT INTO consult_transitions (consult_id, from_status, to_status, at, actor_user_id, actor_role, reason, details)
               SELECT id, "previousStatus", $3, $4, $5::uuid, $6, $7, $8::jsonb FROM upd)${alongside.join('')}
       SELECT *${report} FROM upd`,
      params,
    );
    const row = rows[0];
    if (!row)
      throw await this.whyNot(
        byOffer ? await this.consultOfOffer(ref.ofOffer) : ref,
        to,
        o,
      );
    const { previousStatus: from, alongsideWrote, ...consult } = row;
    if (o.alongsideWrote) o.alongsideWrote(alongsideWrote ?? []);
    this.done.push({
      consult,
      from,
      to,
      at: this.now,
      actor,
      reason,
      details: o.details,
    });
    return consult;
  }

  private async consultOfOffer(offerId: string): Promise<string | null> {
    const { rows } = await this.q.query<{ consultId: string }>(
      'SELECT consult_id AS "consultId" FROM consult_offers WHERE id = $1',
      [offerId],
    );
    return rows[0]?.consultId ?? null;
  }

  /** The refusal for a move that matched no row: unknown consult, changed state, or an illegal arrow. */
  private async whyNot(
    consultId: string | null,
    to: ConsultStatus,
    o: MoveOptions,
  ): Promise<Error> {
    const current = consultId ? await findConsult(this.q, consultId) : null;
    if (!current) return notFound('The consult');
    if (o.expect && !o.expect.includes(current.status)) {
      return conflict(
        'consult_state_changed',
        `The consult is now "${current.status}", so this can no longer be done.`,
        { status: current.status, expected: o.expect },
      );
    }
    try {
      assertTransition(current.status, to);
    } catch (err) {
      return err as Error;
    }
    // The consult could move: the guard's write is what did not happen.
    if (o.guard) return o.guard.refusal();
    return conflict(
      'consult_state_changed',
      'The consult changed at the same moment. Please try again.',
    );
  }
}

/**
 * The one door through which consult status changes: PostgreSQL first, then
 * listeners (queue events, calls module, billing) hear about it. Listeners run
 * on the instance that made the change.
 */
export class ConsultLifecycle {
  /** Every stored status change on this instance, after commit. */
  readonly observer: TypedEmitter<ConsultEvents>;

  constructor(
    private readonly db: Database,
    logger: Logger,
  ) {
    this.observer = new TypedEmitter<ConsultEvents>((err, _event, [t]) =>
      logger.error(
        { err, consultId: t.consult.id, to: t.to },
        'transition listener failed',
      ),
    );
  }

  async run<T>(
    now: Date,
    fn: (t: TransitionTx) => Promise<T>,
  ): Promise<{ result: T; transitions: ConsultTransition[] }> {
    let tx: TransitionTx | null = null;
    const result = await this.db.transaction(async (q) => {
      tx = new TransitionTx(q, now);
      return fn(tx);
    });
    const transitions = (tx as TransitionTx | null)?.done ?? [];
    this.announce(transitions);
    return { result, transitions };
  }

  /**
   * Like run, without a transaction: for work that is one statement (a move,
   * with its guard), which PostgreSQL applies atomically on its own. Saves the
   * BEGIN and COMMIT round trips on hot paths.
   */
  async runStatement<T>(
    now: Date,
    fn: (t: TransitionTx) => Promise<T>,
  ): Promise<{ result: T; transitions: ConsultTransition[] }> {
    const tx = new TransitionTx(this.db, now);
    const result = await fn(tx);
    this.announce(tx.done);
    return { result, transitions: tx.done };
  }

  private announce(transitions: ConsultTransition[]): void {
    for (const t of transitions) this.observer.emit('transition', t);
  }
}
