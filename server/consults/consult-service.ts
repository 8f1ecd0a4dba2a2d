import { randomUUID } from 'node:crypto';
import { auditInsert, type AuditLog } from '../audit/audit-log';
import { enforce } from '../auth/access-gate';
import type { Principal } from '../auth/roles';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { allOrNone, runStatement } from '../db/statement';
import { badRequest, conflict, invalidFields } from '../errors';
import { outcomeProblems } from '../program-ops/outcome-codes';
import { readOutcomeCodes } from '../program-ops/outcome-codes-repository';
import type { LiveChannel } from '../live/live-channel';
import { validBirthDate, type Patient } from '../patients/patient';
import { findPatient, patientInsert } from '../patients/patient-repository';
import type { ProgramSettingsService } from '../programs/program-settings-service';
import type { QueueLine } from '../queue/queue-line';
import {
  CRISIS_GUIDANCE,
  SYSTEM_ACTOR,
  type Actor,
  type Consult,
  type ConsultOutcome,
  type ConsultRequest,
  type ReasonCategory,
} from './consult';
import type { Observer } from '../events/typed-emitter';
import type { ConsultEvents } from './consult-lifecycle';
import type { ConsultMoves } from './consult-moves';
import {
  consultInsert,
  findByIdempotencyKey,
  findConsult,
  IDEMPOTENCY_INDEX,
  listTransitions,
  sawPatientBefore,
  type TransitionRow,
} from './consult-repository';
import { findAssessment } from '../screening/assessment-repository';
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

/** Who is asking, for audit rows written inside a transaction. */
export interface RequestOrigin {
  requestId: string;
  clientIp: string;
}

/** A reused idempotency key: the create statement failed as a whole, so nothing of it (not even a new patient) was written. */
const isDuplicateSubmit = (err: unknown) => {
  const e = err as { code?: string; constraint?: string };
  return e?.code === '23505' && e.constraint === IDEMPOTENCY_INDEX;
};

const actorOf = (p: Principal): Actor => ({ userId: p.userId, role: p.role });

/**
 * Consults as the rest of the product sees them: create, read with the access
 * policy, coordinator triage, and the call-side arrows (in call, wrap-up,
 * complete). `observer` is the in-process hook other modules listen on.
 */
export class ConsultService {
  constructor(private readonly deps: ConsultServiceDeps) {}

  /** Every stored status change on this instance, after commit. */
  get observer(): Observer<ConsultEvents> {
    return this.deps.moves.observer;
  }

  async create(
    p: Principal,
    req: ConsultRequest,
    origin: RequestOrigin,
    convertedFrom: string | null = null,
  ): Promise<{
    consult: Consult;
    created: boolean;
    crisisGuidance: string | null;
  }> {
    const guidance = (c: Consult) => (c.emergency ? CRISIS_GUIDANCE : null);
    if (req.idempotencyKey) {
      const first = await findByIdempotencyKey(
        this.deps.db,
        p.userId,
        req.idempotencyKey,
      );
      if (first)
        return {
          consult: first,
          created: false,
          crisisGuidance: guidance(first),
        };
    }
    const now = this.deps.clock.now();
    if (req.patient && !validBirthDate(req.patient.birthDate, now)) {
      throw badRequest(
        'validation_failed',
        'Please check the form. patient.birthDate: must be a real date in the past.',
        [
          {
            field: 'patient.birthDate',
            message: 'must be a real date in the past',
          },
        ],
      );
    }
    const existing = req.patientId
      ? await this.checkPatient(p, req.patientId, origin)
      : null;
    const settings = await this.deps.settings.queue(p.programId);
    // The attached assessment's safety flags (the safety loop already
    // alerted on them) make the request urgent.
    const riskPositive =
      existing && req.assessmentId
        ? await this.attachedAssessmentFlags(existing, req.assessmentId)
        : false;
    // Emergencies skip intake; resource-only requests always go to the coordinators who resolve them.
    const written = req.consultType === 'econsult';
    if (written && req.namedPsychiatristId)
      await this.checkNamedPsychiatrist(existing, req.namedPsychiatristId);
    // A warm handoff is for now: it never waits for intake.
    const toTriage =
      !req.emergency &&
      !written &&
      req.consultType !== 'warm_handoff' &&
      (settings.triageEnabled || req.consultType === 'resource_referral');
    const patient = existing ?? req.patient!;
    const consultId = randomUUID();
    const patientId = existing?.id ?? randomUUID();
    // A written eConsult never rings: it waits in the pool for a claim.
    const first = written ? 'pooled' : toTriage ? 'triage' : 'queued';
    const firstReason = req.emergency
      ? 'emergency'
      : written
        ? 'to_econsult_pool'
        : toTriage
          ? 'coordinator_triage'
          : 'direct_to_line';
    try {
      // One statement (new patient, consult, its log, the audit row): all written or none, in one round trip.
      const { result: consult } = await this.deps.moves.runStatement(
        now,
        async (t) => {
          const birth = t.birth(
            consultId,
            first,
            actorOf(p),
            'requested_by_pcp',
            { actor: SYSTEM_ACTOR, reason: firstReason },
          );
          const insert = consultInsert({
            id: consultId,
            programId: p.programId,
            practiceId: p.practiceId!,
            patientId,
            requestedBy: p.userId,
            request: req,
            urgency: riskPositive ? 'urgent' : req.urgency,
            // The positive screen is the reason the ring names, also when
            // the PCP marked the request urgent themselves (a warm handoff
            // from a safety alert always is).
            urgencyReason: riskPositive
              ? 'screening_item9_positive'
              : 'requested',
            createdAt: now,
            status: first,
            convertedFrom,
          });
          const audit = auditInsert({
            action: 'consult.create',
            userId: p.userId,
            role: p.role,
            patientId,
            resourceType: 'consult',
            resourceId: consultId,
            requestId: origin.requestId,
            clientIp: origin.clientIp,
            details: {
              emergency: req.emergency,
              screeningSafetyPositive: riskPositive,
              newPatient: !req.patientId,
            },
          });
          const parts = existing
            ? [insert, birth.log, audit]
            : [
                patientInsert(patientId, p.practiceId!, req.patient!, p.userId),
                insert,
                birth.log,
                audit,
              ];
          const { rows } = await runStatement<Consult>(
            t.q,
            allOrNone(parts, parts.indexOf(insert)),
          );
          birth.stored(rows[0]!);
          return rows[0]!;
        },
      );
      if (consult.status === 'queued')
        await this.deps.queue.enqueueCreated(consult, patient);
      if (consult.status === 'pooled')
        this.deps.live.toRole(p.programId, 'psychiatrist', 'econsult:pool', {
          consultId: consult.id,
          change: 'added',
        });
      if (consult.emergency) {
        this.deps.live.toRole(
          p.programId,
          ['coordinator', 'admin'],
          'queue:emergency',
          { consultId: consult.id, crisisGuidance: CRISIS_GUIDANCE },
        );
      }
      return { consult, created: true, crisisGuidance: guidance(consult) };
    } catch (err) {
      if (!isDuplicateSubmit(err)) throw err;
      const first = (await findByIdempotencyKey(
        this.deps.db,
        p.userId,
        req.idempotencyKey!,
      ))!;
      return {
        consult: first,
        created: false,
        crisisGuidance: guidance(first),
      };
    }
  }

  /** The named psychiatrist must be one who saw this (existing) patient. */
  private async checkNamedPsychiatrist(
    patient: Patient | null,
    psychiatristId: string,
  ): Promise<void> {
    if (
      !patient ||
      !(await sawPatientBefore(this.deps.db, patient.id, psychiatristId))
    )
      throw badRequest(
        'validation_failed',
        'Please check the form. namedPsychiatristId: name a psychiatrist who saw this patient before.',
        [
          {
            field: 'namedPsychiatristId',
            message: 'must be a psychiatrist who saw this patient before',
          },
        ],
      );
  }

  /** Whether the attached assessment has a positive safety item; refuses
   * one that is not this patient's or was corrected since. */
  private async attachedAssessmentFlags(
    patient: Patient,
    assessmentId: string,
  ): Promise<boolean> {
    const a = await findAssessment(this.deps.db, assessmentId);
    const problem =
      !a || a.patientId !== patient.id
        ? 'is not an assessment of this patient'
        : a.supersededBy
          ? 'was corrected; attach the newest version'
          : null;
    if (problem)
      throw badRequest(
        'validation_failed',
        `Please check the form. assessmentId: ${problem}.`,
        [{ field: 'assessmentId', message: problem }],
      );
    return a!.flags.length > 0;
  }

  private async checkPatient(
    p: Principal,
    patientId: string,
    origin: RequestOrigin,
  ): Promise<Patient> {
    const patient = await findPatient(this.deps.db, patientId);
    if (!patient || patient.programId !== p.programId)
      throw badRequest(
        'validation_failed',
        'Please check the form. patientId: no such patient.',
        [{ field: 'patientId', message: 'no such patient' }],
      );
    await enforce(
      'patient',
      p,
      patient,
      {
        action: 'consult.create',
        patientId,
        resourceType: 'patient',
        resourceId: patientId,
      },
      (e) => this.deps.audit.record({ ...e, ...actorOf(p), ...origin }),
    );
    return patient;
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
