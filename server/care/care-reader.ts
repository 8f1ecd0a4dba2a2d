import type { AuditActor } from '../audit/audit-actor';
import type {
  AuditLog,
  NamedAuditRow as AuditRowOut,
  AuditSearch,
} from '../audit/audit-log';
import { BillingDesk } from '../billing/billing-desk';
import { type AuditRow, type AuditWriter, enforce } from '../auth/access-gate';
import { isQueueWorker, type Principal } from '../auth/roles';
import type { CallFacts } from '../calls/call-participants';
import type { Consult, ConsultStatus } from '../consults/consult';
import {
  consultFacts,
  findConsult,
  listConsults,
} from '../consults/consult-repository';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { notFound } from '../errors';
import type { Patient } from '../patients/patient';
import {
  findPatient,
  listPatients,
  patientFactsFor,
} from '../patients/patient-repository';
import { RegistryReader } from '../registry/registry-reader';
import type { ConsultReport } from '../reports/consult-report';
import type { InboxItem } from '../reports/report-repository';
import { CallReader } from './call-reader';
import { ReportReader } from './report-reader';
import { isUuid } from '../ids';

export interface CareReaderDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
}

/** Who asks and from where: what every audit row of the request carries. */
export interface RequestOrigin {
  requestId: string;
  clientIp: string;
}

/**
 * The only way a handler reaches consults, patients, reports and calls: a
 * reader bound to the caller (Medplum binds the access policy into its
 * repository the same way). Every method loads the row, decides with the
 * access policy, audits, and refuses with the policy's sentence.
 *
 * Reads (`consult`, `patient`, `report`, ...) audit the allowed access here.
 * `...ToChange` methods audit only a refusal: the change writes its own audit
 * row in the transaction that makes it, so the row names what was done.
 */
export class CareReader {
  readonly audit: AuditWriter;
  /** The caller's audit fields, for a row written inside a change's transaction. */
  readonly actor: AuditActor;

  constructor(
    private readonly deps: CareReaderDeps,
    readonly who: Principal,
    readonly origin: RequestOrigin,
  ) {
    this.actor = {
      userId: who.userId,
      role: who.role,
      requestId: origin.requestId,
      clientIp: origin.clientIp,
    };
    this.audit = (entry: AuditRow) =>
      deps.audit.record({ ...entry, ...this.actor });
  }

  private desk: BillingDesk | null = null;

  /** The program's billing lines, exports and payer tables (the caller's program). */
  get billing(): BillingDesk {
    this.desk ??= new BillingDesk(this.deps, this.who);
    return this.desk;
  }

  /** The audit log of the caller's program only (never another's rows). */
  auditRows(search: Omit<AuditSearch, 'programId'>): Promise<AuditRowOut[]> {
    return this.deps.audit.search({ ...search, programId: this.who.programId });
  }

  private registryReader: RegistryReader | null = null;

  /** Registry episodes (collaborative care) as the caller may see them. */
  get registry(): RegistryReader {
    this.registryReader ??= new RegistryReader(this.deps, this.who, this.audit);
    return this.registryReader;
  }

  /** A consult the caller may read; the read is audited as `action`. */
  async consult(id: string, action: string): Promise<Consult> {
    const c = await this.consultToChange(id, action);
    await this.audit({
      action,
      patientId: c.patientId,
      resourceType: 'consult',
      resourceId: c.id,
    });
    return c;
  }

  /** A consult the caller may act on; only a refusal is audited here. */
  async consultToChange(id: string, action: string): Promise<Consult> {
    const c = isUuid(id) ? await findConsult(this.deps.db, id) : null;
    if (!c) throw notFound('The consult');
    await enforce(
      'consult',
      this.who,
      await consultFacts(this.deps.db, c),
      {
        action,
        patientId: c.patientId,
        resourceType: 'consult',
        resourceId: c.id,
      },
      this.audit,
    );
    return c;
  }

  /** Refuses unless the caller writes this consult's report (its assigned psychiatrist). */
  async authorsReport(consult: Consult, action: string): Promise<void> {
    await enforce(
      'report_authoring',
      this.who,
      consult,
      this.attemptOn(consult, action),
      this.audit,
    );
  }

  /** Refuses unless the caller logs time on this consult (its two clinicians). */
  async logsTimeOn(consult: Consult, action: string): Promise<void> {
    await enforce(
      'consult_time',
      this.who,
      consult,
      this.attemptOn(consult, action),
      this.audit,
    );
  }

  /** Refuses unless the caller writes in this eConsult's thread (its two clinicians). */
  async writesThread(consult: Consult, action: string): Promise<void> {
    await enforce(
      'econsult_thread',
      this.who,
      consult,
      this.attemptOn(consult, action),
      this.audit,
    );
  }

  /** The consults the caller may see (the list query applies the same scope). */
  async consults(statuses: readonly ConsultStatus[] | null) {
    const p = this.who;
    const consults = await listConsults(this.deps.db, {
      programId: p.programId,
      practiceId: p.role === 'pcp' ? p.practiceId : null,
      psychiatristId: isQueueWorker(p.role) ? p.userId : null,
      statuses,
    });
    await this.audit({
      action: 'consult.list',
      resourceType: 'consult',
      details: { count: consults.length },
    });
    return consults;
  }

  /** A patient the caller may read; the read is audited as `action`. */
  async patient(id: string, action: string): Promise<Patient> {
    const patient = await this.patientToChange(id, action);
    await this.audit({
      action,
      patientId: patient.id,
      resourceType: 'patient',
      resourceId: patient.id,
    });
    return patient;
  }

  /**
   * A patient the caller may act on; only a refusal is audited here.
   * `resource` narrows who may: screening is for the care team only.
   */
  async patientToChange(
    id: string,
    action: string,
    resource: 'patient' | 'screening' = 'patient',
  ): Promise<Patient> {
    const patient = isUuid(id) ? await findPatient(this.deps.db, id) : null;
    if (!patient) throw notFound('The patient');
    const psychiatrist = isQueueWorker(this.who.role) ? this.who.userId : null;
    await enforce(
      resource,
      this.who,
      await patientFactsFor(this.deps.db, patient, psychiatrist),
      {
        action,
        patientId: patient.id,
        resourceType: 'patient',
        resourceId: patient.id,
      },
      this.audit,
    );
    return patient;
  }

  /**
   * Rows of a patient's chart (consents, care time): the patient is checked,
   * then `load` runs, and the read is audited with how many rows it gave.
   */
  async patientRows<T>(
    patientId: string,
    action: string,
    resourceType: string,
    load: (patient: Patient) => Promise<T[]>,
    details: Record<string, unknown> = {},
  ): Promise<{ patient: Patient; rows: T[] }> {
    const patient = await this.patientToChange(patientId, action);
    const rows = await load(patient);
    await this.audit({
      action,
      patientId: patient.id,
      resourceType,
      details: { ...details, count: rows.length },
    });
    return { patient, rows };
  }

  /** Whether `consultId` is a consult of `patient` (a patient the caller may act on). */
  async isConsultOf(patient: Patient, consultId: string): Promise<boolean> {
    const c = isUuid(consultId)
      ? await findConsult(this.deps.db, consultId)
      : null;
    return c?.patientId === patient.id;
  }

  /** Patients of the caller's practice (PCP) or program (staff). */
  async patients(): Promise<Patient[]> {
    const patients = await listPatients(this.deps.db, {
      programId: this.who.programId,
      practiceId:
        this.who.role === 'pcp' || this.who.role === 'care_manager'
          ? this.who.practiceId
          : null,
    });
    await this.audit({
      action: 'patient.list',
      resourceType: 'patient',
      details: { count: patients.length },
    });
    return patients;
  }

  private reportReader: ReportReader | null = null;
  private callReader: CallReader | null = null;

  private get reports(): ReportReader {
    this.reportReader ??= new ReportReader(
      this.deps.db,
      this.who,
      this.audit,
      (id, action) => this.consultToChange(id, action),
    );
    return this.reportReader;
  }

  private get calls(): CallReader {
    this.callReader ??= new CallReader(this.deps.db, this.who, this.audit);
    return this.callReader;
  }

  /** A consult's report: a PCP sees it once signed, the clinical team drafts too. */
  report(
    consultId: string,
    action: string,
  ): Promise<{ consult: Consult; report: ConsultReport }> {
    return this.reports.report(consultId, action);
  }

  /** The PCP's signed reports: their practice's consults. */
  signedReports(): Promise<InboxItem[]> {
    return this.reports.signedReports();
  }

  /** A call the caller may see (`view`) or be in (`media`); see CallReader. */
  call(
    callId: string | undefined,
    action: string,
    use: 'view' | 'media',
  ): Promise<CallFacts> {
    return this.calls.call(callId, action, use);
  }

  /** A consult whose call the caller may open; see CallReader. */
  consultToCall(consultId: string, action: string): Promise<string> {
    return this.calls.consultToCall(consultId, action);
  }

  private attemptOn(consult: Consult, action: string) {
    return {
      action,
      patientId: consult.patientId,
      resourceType: 'consult',
      resourceId: consult.id,
    };
  }
}

/** Binds readers to requests: one per request, made on first use. */
export type CareReaders = (who: Principal, origin: RequestOrigin) => CareReader;

export const careReaders =
  (deps: CareReaderDeps): CareReaders =>
  (who, origin) =>
    new CareReader(deps, who, origin);
