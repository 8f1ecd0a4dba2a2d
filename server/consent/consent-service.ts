import type { AuditLog } from '../audit/audit-log';
import { recomputePatient } from '../billing/billing-recompute';
import type { AuditActor } from '../audit/audit-actor';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { conflict, notFound } from '../errors';
import type { Logger } from '../logger';
import type { Patient } from '../patients/patient';
import type { Consent, NewConsent } from './consent';
import {
  findConsent,
  insertConsent,
  listConsents,
  withdrawConsent,
} from './consent-repository';
import { isUuid } from '../ids';

export interface ConsentServiceDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
}

/**
 * A patient's documented consents. The patient comes from the care reader;
 * each change commits with its audit row, then the patient's billing is
 * recomputed (a consent can block or release lines of every consult).
 */
export class ConsentService {
  constructor(private readonly deps: ConsentServiceDeps) {}

  list(patient: Patient): Promise<Consent[]> {
    return listConsents(this.deps.db, patient.id);
  }

  /** One consent of this patient, or 404. */
  async find(patient: Patient, consentId: string | undefined) {
    const consent =
      consentId && isUuid(consentId)
        ? await findConsent(this.deps.db, consentId)
        : null;
    if (!consent || consent.patientId !== patient.id)
      throw notFound('The consent');
    return consent;
  }

  async record(
    actor: AuditActor,
    patient: Patient,
    body: NewConsent,
    obtainedAt: Date,
  ): Promise<Consent> {
    const now = this.deps.clock.now();
    const id = await this.deps.db.transaction(async (tx) => {
      const newId = await insertConsent(
        tx,
        patient.id,
        body,
        actor.userId,
        obtainedAt,
        now,
      );
      await this.deps.audit.record(
        {
          ...actor,
          action: 'consent.create',
          patientId: patient.id,
          resourceType: 'consent',
          resourceId: newId,
          details: { kind: body.kind, consultId: body.consultId ?? null },
        },
        tx,
      );
      return newId;
    });
    await this.refreshBilling(patient.id);
    return (await findConsent(this.deps.db, id))!;
  }

  async withdraw(
    actor: AuditActor,
    patient: Patient,
    consent: Consent,
    reason: string | null,
  ): Promise<Consent> {
    if (consent.withdrawnAt)
      throw conflict(
        'consent_already_withdrawn',
        'This consent was already withdrawn.',
      );
    await this.deps.db.transaction(async (tx) => {
      await withdrawConsent(
        tx,
        consent.id,
        actor.userId,
        this.deps.clock.now(),
        reason,
      );
      await this.deps.audit.record(
        {
          ...actor,
          action: 'consent.withdraw',
          patientId: patient.id,
          resourceType: 'consent',
          resourceId: consent.id,
        },
        tx,
      );
    });
    await this.refreshBilling(patient.id);
    return (await findConsent(this.deps.db, consent.id))!;
  }

  private refreshBilling(patientId: string): Promise<unknown> {
    return recomputePatient(this.deps, patientId).catch((err) =>
      this.deps.logger.error(
        { err, patientId },
        'billing recompute after consent change failed',
      ),
    );
  }
}
