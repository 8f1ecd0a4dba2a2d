import type { AuditLog } from '../audit/audit-log';
import type { AuditActor } from '../audit/audit-actor';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { runStatement } from '../db/statement';
import type { Logger } from '../logger';
import type { Patient } from '../patients/patient';
import { recomputePatient } from './billing-recompute';
import {
  coverageEnd,
  coverageInsert,
  encounterInsert,
  enrollmentEnd,
  enrollmentInsert,
  type FactStatement,
  findCoverage,
  findEnrollment,
  hasOpenEnrollment,
  patientFactRows,
} from './patient-facts-repository';

export interface PatientFactsDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
}

/**
 * Billing facts of a patient the care reader let the caller act on: read
 * them, record one (with its audit row), then recompute the patient's lines.
 */
export class PatientFactsService {
  constructor(private readonly deps: PatientFactsDeps) {}

  facts(patient: Patient) {
    return patientFactRows(this.deps.db, patient.id);
  }

  hasOpenEnrollment(patient: Patient, kind: string): Promise<boolean> {
    return hasOpenEnrollment(this.deps.db, patient.id, kind);
  }

  enrollment(patient: Patient, enrollmentId: string) {
    return findEnrollment(this.deps.db, patient.id, enrollmentId);
  }

  coverage(patient: Patient, coverageId: string) {
    return findCoverage(this.deps.db, patient.id, coverageId);
  }

  recordEncounter(
    actor: AuditActor,
    patient: Patient,
    f: {
      clinicianId: string;
      kind: string;
      occurredOn: string;
      consultId: string | null;
    },
  ) {
    return this.record(
      actor,
      patient,
      'encounter.create',
      encounterInsert({ ...f, ...this.by(actor, patient) }),
    );
  }

  recordEnrollment(
    actor: AuditActor,
    patient: Patient,
    f: { kind: string; startDate: string; billingClinicianId: string },
  ) {
    return this.record(
      actor,
      patient,
      'enrollment.create',
      enrollmentInsert({ ...f, ...this.by(actor, patient) }),
    );
  }

  endEnrollment(
    actor: AuditActor,
    patient: Patient,
    enrollmentId: string,
    endDate: string,
  ) {
    return this.record(
      actor,
      patient,
      'enrollment.end',
      enrollmentEnd(enrollmentId, endDate, actor.userId),
    );
  }

  recordCoverage(
    actor: AuditActor,
    patient: Patient,
    f: { payer: string; effectiveFrom: string },
  ) {
    return this.record(
      actor,
      patient,
      'coverage.create',
      coverageInsert({ ...f, ...this.by(actor, patient) }),
    );
  }

  endCoverage(
    actor: AuditActor,
    patient: Patient,
    coverageId: string,
    endDate: string,
  ) {
    return this.record(
      actor,
      patient,
      'coverage.end',
      coverageEnd(coverageId, endDate, actor.userId),
    );
  }

  private by(actor: AuditActor, patient: Patient) {
    return {
      patientId: patient.id,
      recordedBy: actor.userId,
      now: this.deps.clock.now(),
    };
  }

  /** Writes the fact with its audit row, recomputes, returns the facts after. */
  private async record(
    actor: AuditActor,
    patient: Patient,
    action: string,
    statement: FactStatement,
  ) {
    const id = await this.deps.db.transaction(async (tx) => {
      const { rows } = await runStatement<{ id: string }>(tx, statement);
      await this.deps.audit.record(
        {
          ...actor,
          action,
          patientId: patient.id,
          resourceType: action.split('.')[0]!,
          resourceId: rows[0]!.id,
        },
        tx,
      );
      return rows[0]!.id;
    });
    await recomputePatient(this.deps, patient.id).catch((err) =>
      this.deps.logger.error(
        { err, patientId: patient.id },
        'billing recompute after fact change failed',
      ),
    );
    return { id, ...(await this.facts(patient)) };
  }
}
