import type { Principal } from '../auth/roles';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { conflict, invalidFields } from '../errors';
import { outcomeProblems } from '../program-ops/outcome-codes';
import { readOutcomeCodes } from '../program-ops/outcome-codes-repository';
import type { LiveChannel } from '../live/live-channel';
import type { ProgramSettingsService } from '../programs/program-settings-service';
import type { QueueLine } from '../queue/queue-line';
import {
  actorOf,
  SYSTEM_ACTOR,
  type Actor,
  type Consult,
  type ConsultOutcome,
  type ConsultRequest,
  type ReasonCategory,
} from './consult';
import type { Observer } from '../events/typed-emitter';
import { ConsultCreation, type RequestOrigin } from './consult-creation';
import type { ConsultEvents } from './consult-lifecycle';
import type { ConsultMoves } from './consult-moves';
import {
  findConsult,
  listTransitions,
  type TransitionRow,
} from './consult-repository';
import { consultPeople, type ConsultPeople } from './consult-people';

export interface ConsultServiceDeps {
  db: Database;
  clock: Clock;
  audit: AuditLog;
  live: LiveChannel;
  moves: ConsultMoves;
  /** The live line: enqueue, cancel, forward, free the psychiatrist. */
  queue: QueueLine;
  settings: ProgramSettingsService;
}

/**
 * Consults as the rest of the product sees them: create, read with the access
 * policy, coordinator triage, and the call-side arrows (in call, wrap-up,
 * complete). `observer` is the in-process hook other modules listen on.
 */
export class ConsultService {
  private readonly creation: ConsultCreation;

  constructor(private readonly deps: ConsultServiceDeps) {
    this.creation = new ConsultCreation(deps);
  }

  /** Every stored status change on this instance, after commit. */
  get observer(): Observer<ConsultEvents> {
    return this.deps.moves.observer;
  }

  /** A new request (or an eConsult's conversion): consult-creation.ts. */
  create(
    p: Principal,
    req: ConsultRequest,
    origin: RequestOrigin,
    convertedFrom: string | null = null,
  ): ReturnType<ConsultCreation['create']> {
    return this.creation.create(p, req, origin, convertedFrom);
  }

  /** Names and numbers of a consult the caller may already read. */
  people(c: Consult): Promise<ConsultPeople> {
    return consultPeople(this.deps.db, c);
  }

  transitions(consultId: string): Promise<TransitionRow[]> {
    return listTransitions(this.deps.db, consultId);
  }

  /** `c` comes from the care reader, which checked and audited the access. */
  async cancel(p: Principal, c: Consult): Promise<Consult> {
    return this.deps.queue.end(
      c.id,
      'cancelled',
      actorOf(p),
      p.role === 'pcp' ? 'cancelled_by_pcp' : 'cancelled_by_staff',
    );
  }

  /** The system withdraws a request nobody should take any more (a warm handoff past its target). */
  async withdraw(consultId: string, reason: string): Promise<Consult> {
    return this.deps.queue.end(consultId, 'cancelled', SYSTEM_ACTOR, reason);
  }

  /** Coordinator intake: correct the reason categories (and specialty) while in triage. */
  async editTriage(
    c: Consult,
    patch: {
      reasonCategories?: ReasonCategory[];
      specialty?: Consult['specialty'];
    },
  ): Promise<Consult> {
    const id = c.id;
    const { rowCount } = await this.deps.db.query(
      `UPDATE consults SET reason_categories = COALESCE($2, reason_categories), specialty = COALESCE($3, specialty), updated_at = $4
        WHERE id = $1 AND status = 'triage'`,
      [
        id,
        patch.reasonCategories ?? null,
        patch.specialty ?? null,
        this.deps.clock.now(),
      ],
    );
    if (!rowCount)
      throw conflict(
        'not_in_triage',
        'Only a request in triage can be edited.',
      );
    return (await findConsult(this.deps.db, id))!;
  }

  async forward(p: Principal, c: Consult): Promise<Consult> {
    return this.deps.queue.forward(c.id, actorOf(p));
  }

  /** A coordinator answers a resource & referral request themselves. */
  async resolve(
    p: Principal,
    c: Consult,
    resolution: { resources: string[]; note?: string },
    outcome: ConsultOutcome,
  ): Promise<Consult> {
    const id = c.id;
    if (c.consultType !== 'resource_referral')
      throw conflict(
        'not_resource_referral',
        'Only a resource & referral request can be resolved by a coordinator; forward clinical questions to a psychiatrist.',
      );
    const problems = outcomeProblems(
      await readOutcomeCodes(this.deps.db, c.programId),
      outcome,
    );
    if (problems.length) throw invalidFields(problems);
    const now = this.deps.clock.now();
    return this.deps.moves.resolved(now, id, actorOf(p), resolution, outcome);
  }

  /**
   * One click: a live consult or a direct evaluation made from an answered
   * eConsult, with the same intake; it points back to the eConsult, whose
   * thread, reply and history stay where they are. A retry (same key, and
   * one conversion per eConsult) returns the first.
   */
  async convert(
    p: Principal,
    c: Consult,
    to: 'clinician_consult' | 'direct_evaluation',
    origin: RequestOrigin,
  ) {
    if (c.consultType !== 'econsult' || c.status !== 'completed')
      throw conflict(
        'not_convertible',
        'Only an answered eConsult can be converted to a live consult.',
      );
    const req: ConsultRequest = {
      patientId: c.patientId,
      consultType: to,
      contactMode: c.contactMode,
      reasonCategories: c.reasonCategories,
      clinicalQuestion: c.clinicalQuestion,
      urgency: c.urgency,
      emergency: false,
      specialty: c.specialty,
      language: c.language,
      callback:
        c.callbackMethod === 'phone' && c.callbackPhone
          ? { method: 'phone', phone: c.callbackPhone }
          : { method: 'video' },
      ...(c.assessmentId ? { assessmentId: c.assessmentId } : {}),
      idempotencyKey: `convert:${c.id}`,
    };
    return this.create(p, req, origin, c.id);
  }

  /** An eConsult's written reply may be signed only while it is claimed (not waiting on the PCP). */
  assertReplyMaySign(c: Consult): void {
    if (c.consultType === 'econsult' && c.status !== 'claimed')
      throw conflict(
        'econsult_not_ready_for_reply',
        c.status === 'awaiting_pcp'
          ? 'You asked the PCP a question: sign the reply once they answer.'
          : 'This eConsult is not open for a reply.',
      );
  }

  /** claimed -> completed: the written reply was signed. No availability to free. */
  async repliedInWriting(
    consultId: string,
    actor: Actor,
    outcome: ConsultOutcome,
  ): Promise<Consult> {
    const now = this.deps.clock.now();
    return this.deps.moves.transaction(now, (t) =>
      this.deps.moves.replied(t, consultId, actor, outcome),
    );
  }

  /** The calls module: media first connected. Repeated calls (reconnects) are no-ops. */
  async markInCall(
    consultId: string,
    actor: Actor = SYSTEM_ACTOR,
  ): Promise<Consult> {
    const now = this.deps.clock.now();
    try {
      return await this.deps.moves.inCall(now, consultId, actor);
    } catch (err) {
      // Already past it (a reconnect's media): nothing to do. Only this rare path reads the consult.
      const c = await findConsult(this.deps.db, consultId);
      if (
        c &&
        (c.status === 'in_call' ||
          c.status === 'wrap_up' ||
          c.status === 'completed')
      )
        return c;
      throw err;
    }
  }

  async markWrapUp(
    consultId: string,
    actor: Actor = SYSTEM_ACTOR,
  ): Promise<Consult> {
    return this.finish(consultId, 'wrap_up', actor, 'call_ended');
  }

  /** Completes with the report's coded outcome (refused without a disposition). */
  async complete(
    consultId: string,
    actor: Actor,
    outcome: ConsultOutcome,
  ): Promise<Consult> {
    return this.finish(
      consultId,
      'completed',
      actor,
      'consult_completed',
      outcome,
    );
  }

  /** Ends the psychiatrist's part: their availability returns from busy to available. */
  private async finish(
    consultId: string,
    to: 'wrap_up' | 'completed',
    actor: Actor,
    reason: string,
    outcome?: ConsultOutcome,
  ): Promise<Consult> {
    const now = this.deps.clock.now();
    // One statement: the move and the psychiatrist's availability.
    const free = this.deps.queue.freeAlongside(
      to === 'completed' ? 'consult_completed' : 'wrap_up',
      now,
    );
    const c = await this.deps.moves.finishedFreeing(
      now,
      consultId,
      to,
      actor,
      reason,
      outcome,
      free,
    );
    const freed = free.worker(c);
    if (freed) await this.deps.queue.applyFreed(freed);
    return c;
  }
}
