import { randomUUID } from 'node:crypto';
import { auditInsert, type AuditEntry } from '../audit/audit-log';
import type { CareReader } from '../care/care-reader';
import type { Clock } from '../clock';
import type { Database, Queryable } from '../db/database';
import { allOrNone, runStatement } from '../db/statement';
import {
  badRequest,
  conflict,
  invalidField,
  invalidFields,
  notFound,
} from '../errors';
import { TypedEmitter, type Observer } from '../events/typed-emitter';
import type { Logger } from '../logger';
import { ageOn, type Patient } from '../patients/patient';
import type { Assessment, NewAssessment } from './assessment';
import {
  assessmentInsert,
  findAssessment,
  listForPatient,
} from './assessment-repository';
import type { Respondent } from './instrument';
import type { SafetyAlertService } from './safety-alert-service';
import { scoreAssessment } from './score-assessment';
import { isUuid } from '../ids';

export interface AssessmentServiceDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  /** Opens an alert, in the same statement, for a positive safety item. */
  alerts: SafetyAlertService;
}

/** What happened to assessments on this instance, after commit. */
export type AssessmentEvents = {
  /** A new assessment was stored; the safety loop reads its flags. */
  recorded: [assessment: Assessment, patient: Patient];
};

/** One stored answer set, from a clinician's form or a self-report link. */
export interface AssessmentSubmission {
  instrument: string;
  items: readonly (number | null)[];
  answeredBy: Respondent;
  answeredAt: Date;
  clinicianOverride?: { reason: string };
  orderedBy: string;
  enteredBy: string | null;
  supersedes?: string;
  correctionReason?: string;
}

/**
 * Writes that must stand or fall with the assessment (spending the
 * self-report link that carried it): run in the same transaction, `before`
 * ahead of the assessment's insert, `after` once it is in. Either throwing
 * undoes all of it.
 */
export interface AlongsideAssessment {
  before(tx: Queryable): Promise<void>;
  after(tx: Queryable, assessmentId: string): Promise<void>;
}

/**
 * Assessments: scored here from item answers (a client total is never an
 * input), stored append-only with their audit row in one statement, read
 * through the care reader so only the patient's care team sees them.
 */
export class AssessmentService {
  private readonly events: TypedEmitter<AssessmentEvents>;

  constructor(private readonly deps: AssessmentServiceDeps) {
    this.events = new TypedEmitter<AssessmentEvents>((err, event) =>
      deps.logger.error({ err, event }, 'assessment listener failed'),
    );
  }

  get observer(): Observer<AssessmentEvents> {
    return this.events;
  }

  /** A clinician enters answers (their own, or a patient's paper form). */
  async recordForClinician(
    care: CareReader,
    patientId: string,
    body: NewAssessment,
  ): Promise<Assessment> {
    const patient = await care.patientToChange(
      patientId,
      'assessment.create',
      'screening',
    );
    const now = this.deps.clock.now();
    const answeredAt = body.answeredAt ? new Date(body.answeredAt) : now;
    if (answeredAt.getTime() > now.getTime())
      throw invalidField('answeredAt', 'cannot be in the future');
    return this.record(
      patient,
      {
        instrument: body.instrument,
        items: body.items,
        answeredBy: body.answeredBy,
        answeredAt,
        clinicianOverride: body.clinicianOverride,
        orderedBy: care.who.userId,
        enteredBy: care.who.userId,
        supersedes: body.supersedes,
        correctionReason: body.correctionReason,
      },
      { ...care.actor },
    );
  }

  /**
   * Scores and stores one submission for a patient the caller was already
   * allowed to act on (the care reader, or a spent self-report link).
   */
  async record(
    patient: Patient,
    s: AssessmentSubmission,
    actor: Omit<AuditEntry, 'action'>,
    alongside?: AlongsideAssessment,
  ): Promise<Assessment> {
    const ageYears = ageOn(patient.birthDate, s.answeredAt);
    const result = scoreAssessment(s.instrument, s.items, {
      ageYears,
      answeredBy: s.answeredBy,
      clinicianOverride: s.clinicianOverride,
    });
    if (result.status === 'rejected') {
      if (result.validInstrumentIds)
        throw badRequest('unknown_instrument', result.problems[0]!.message, {
          validInstrumentIds: result.validInstrumentIds,
        });
      throw invalidFields(result.problems);
    }
    if (s.supersedes) await this.checkCorrection(patient, s);
    const id = randomUUID();
    const insert = assessmentInsert({
      id,
      patientId: patient.id,
      answeredBy: s.answeredBy,
      enteredBy: s.enteredBy,
      orderedBy: s.orderedBy,
      answeredAt: s.answeredAt,
      recordedAt: this.deps.clock.now(),
      ageYears,
      answers: s.items,
      result,
      supersedes: s.supersedes ?? null,
      correctionReason: s.supersedes ? (s.correctionReason ?? null) : null,
    });
    const audit = auditInsert({
      ...actor,
      action: s.supersedes ? 'assessment.correct' : 'assessment.create',
      patientId: patient.id,
      resourceType: 'assessment',
      resourceId: id,
      // Codes only: the answers stay in their own table.
      details: {
        instrument: result.instrumentId,
        status: result.status,
        safetyFlags: result.flags.length,
        ...(s.supersedes ? { supersedes: s.supersedes } : {}),
      },
    });
    const alertId = result.flags.length > 0 ? randomUUID() : null;
    const alert = alertId
      ? [
          this.deps.alerts.openStatement({
            id: alertId,
            programId: patient.programId,
            patientId: patient.id,
            assessmentId: id,
            orderedBy: s.orderedBy,
            flags: result.flags,
            openedAt: this.deps.clock.now(),
          }),
        ]
      : [];
    try {
      // The alert goes out with the assessment or neither is stored: a
      // positive safety item is never stored silently.
      const statement = allOrNone([insert, audit, ...alert], 0);
      if (!alongside) await runStatement(this.deps.db, statement);
      else
        await this.deps.db.transaction(async (tx) => {
          await alongside.before(tx);
          await runStatement(tx, statement);
          await alongside.after(tx, id);
        });
    } catch (err) {
      const e = err as { code?: string; constraint?: string };
      if (e.code === '23505' && e.constraint === 'assessments_supersedes')
        throw conflict(
          'assessment_already_corrected',
          'This assessment was already corrected; correct the newest version.',
        );
      throw err;
    }
    const stored = (await findAssessment(this.deps.db, id))!;
    if (alertId)
      this.deps.alerts.announce({
        alertId,
        programId: patient.programId,
        patientId: patient.id,
        orderedBy: s.orderedBy,
      });
    this.events.emit('recorded', stored, patient);
    return stored;
  }

  private async checkCorrection(patient: Patient, s: AssessmentSubmission) {
    if (!s.correctionReason)
      throw invalidField('correctionReason', 'is required for a correction');
    const old = isUuid(s.supersedes!)
      ? await findAssessment(this.deps.db, s.supersedes!)
      : null;
    if (!old || old.patientId !== patient.id)
      throw invalidField('supersedes', 'is not an assessment of this patient');
    if (old.instrument !== s.instrument)
      throw invalidField(
        'supersedes',
        `is a ${old.instrument} assessment, not ${s.instrument}`,
      );
    if (old.supersededBy)
      throw conflict(
        'assessment_already_corrected',
        'This assessment was already corrected; correct the newest version.',
      );
  }

  /** The patient's assessments, for their care team; the read is audited. */
  async list(care: CareReader, patientId: string): Promise<Assessment[]> {
    const patient = await care.patientToChange(
      patientId,
      'assessment.list',
      'screening',
    );
    const rows = await listForPatient(this.deps.db, patient.id);
    await care.audit({
      action: 'assessment.list',
      patientId: patient.id,
      resourceType: 'assessment',
      details: { count: rows.length },
    });
    return rows;
  }

  /** One assessment, if the caller is in the patient's care; audited. */
  async read(
    care: CareReader,
    assessmentId: string,
    action = 'assessment.read',
  ): Promise<Assessment> {
    const a = isUuid(assessmentId)
      ? await findAssessment(this.deps.db, assessmentId)
      : null;
    if (!a) throw notFound('The assessment', 'assessment_not_found');
    await care.patientToChange(a.patientId, action, 'screening');
    await care.audit({
      action,
      patientId: a.patientId,
      resourceType: 'assessment',
      resourceId: a.id,
    });
    return a;
  }
}
