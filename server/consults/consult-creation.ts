import { randomUUID } from 'node:crypto';
import { auditInsert, type AuditLog } from '../audit/audit-log';
import { enforce } from '../auth/access-gate';
import type { Principal } from '../auth/roles';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { allOrNone, runStatement } from '../db/statement';
import { badRequest } from '../errors';
import type { LiveChannel } from '../live/live-channel';
import { validBirthDate, type Patient } from '../patients/patient';
import { findPatient, patientInsert } from '../patients/patient-repository';
import type { ProgramSettingsService } from '../programs/program-settings-service';
import type { QueueLine } from '../queue/queue-line';
import { findAssessment } from '../screening/assessment-repository';
import {
  actorOf,
  CRISIS_GUIDANCE,
  SYSTEM_ACTOR,
  type Consult,
  type ConsultRequest,
} from './consult';
import type { ConsultMoves } from './consult-moves';
import {
  consultInsert,
  findByIdempotencyKey,
  IDEMPOTENCY_INDEX,
  sawPatientBefore,
} from './consult-repository';

export interface ConsultCreationDeps {
  db: Database;
  clock: Clock;
  audit: AuditLog;
  live: LiveChannel;
  moves: ConsultMoves;
  /** The live line a new request joins when it goes straight to it. */
  queue: Pick<QueueLine, 'enqueueCreated'>;
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

/**
 * A new consult request from a PCP (or a conversion of an answered
 * eConsult): checks the patient, the named psychiatrist and the attached
 * screening, writes patient, consult, log and audit row in one statement,
 * then puts it where it waits (the line, the eConsult pool, triage).
 * A reused idempotency key returns the first request.
 */
export class ConsultCreation {
  constructor(private readonly deps: ConsultCreationDeps) {}

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
}
