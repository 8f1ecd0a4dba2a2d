import type { AuditEntry, AuditLog } from '../audit/audit-log';
import type { AuditActor } from '../audit/audit-actor';
import type { Clock } from '../clock';
import type { Consult } from '../consults/consult';
import type { Database } from '../db/database';
import { badRequest, invalidFields, notFound } from '../errors';
import {
  assertReportTransition,
  type ConsultReport,
  missingForSignature,
  type ReportDraft,
} from './consult-report';
import { outcomeProblems } from '../program-ops/outcome-codes';
import { readOutcomeCodes } from '../program-ops/outcome-codes-repository';
import type { ReportPageContext } from './report-page';
import {
  findReport,
  insertAddendum,
  markSigned,
  recordDelivery,
  reportPageContext,
  saveDraft,
} from './report-repository';

export interface ReportServiceDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
}

/**
 * The writes of a consult report: draft, sign, addendum. Each commits with
 * its audit row. The consult comes from the care reader, which checked that
 * the caller is its assigned psychiatrist.
 */
export class ReportService {
  constructor(private readonly deps: ReportServiceDeps) {}

  private row(
    actor: AuditActor,
    action: string,
    consult: Consult,
    reportId: string,
    details?: Record<string, unknown>,
  ): AuditEntry {
    return {
      ...actor,
      action,
      patientId: consult.patientId,
      resourceType: 'consult_report',
      resourceId: reportId,
      details: { consultId: consult.id, ...details },
    };
  }

  async saveDraft(
    actor: AuditActor,
    consult: Consult,
    draft: ReportDraft,
  ): Promise<ConsultReport> {
    const now = this.deps.clock.now();
    const codes = await readOutcomeCodes(this.deps.db, consult.programId);
    const problems = outcomeProblems(codes, draft);
    if (problems.length) throw invalidFields(problems);
    await this.deps.db.transaction(async (tx) => {
      const existing = await findReport(tx, consult.id);
      assertReportTransition(existing?.status ?? 'draft', 'draft');
      const id = await saveDraft(tx, consult.id, actor.userId, draft, now);
      const action = existing ? 'report.update' : 'report.create';
      await this.deps.audit.record(this.row(actor, action, consult, id), tx);
    });
    return (await findReport(this.deps.db, consult.id))!;
  }

  /** Locks the report and records its delivery to the requesting PCP. */
  async sign(actor: AuditActor, consult: Consult, now: Date): Promise<string> {
    return this.deps.db.transaction(async (tx) => {
      const report = await findReport(tx, consult.id);
      if (!report) throw notFound('The consult report');
      assertReportTransition(report.status, 'signed');
      const missing = missingForSignature(report);
      if (missing.length)
        throw invalidFields(
          missing,
          'Please complete the report before signing.',
        );
      await markSigned(tx, report.id, actor.userId, now);
      await recordDelivery(tx, report.id, null, consult.requestedBy, now);
      await this.deps.audit.record(
        this.row(actor, 'report.sign', consult, report.id, {
          deliveredTo: consult.requestedBy,
        }),
        tx,
      );
      return report.id;
    });
  }

  async addAddendum(
    actor: AuditActor,
    consult: Consult,
    body: string,
    now: Date,
  ): Promise<{ reportId: string; addendumId: string }> {
    return this.deps.db.transaction(async (tx) => {
      const report = await findReport(tx, consult.id);
      if (!report) throw notFound('The consult report');
      if (report.status !== 'signed')
        throw badRequest(
          'report_not_signed',
          'The report is still a draft: edit it instead of adding an addendum.',
        );
      const addendumId = await insertAddendum(
        tx,
        report.id,
        actor.userId,
        body,
        now,
      );
      await recordDelivery(tx, report.id, addendumId, consult.requestedBy, now);
      await this.deps.audit.record(
        this.row(actor, 'report.addendum', consult, report.id, {
          addendumId,
        }),
        tx,
      );
      return { reportId: report.id, addendumId };
    });
  }

  /** The signed report's coded outcome, which the consult completes with. */
  async outcome(
    consult: Consult,
  ): Promise<{ disposition: string; diagnosisCategories: string[] }> {
    const r = await this.current(consult);
    return {
      disposition: r.disposition ?? '',
      diagnosisCategories: r.diagnosisCategories,
    };
  }

  /** The report as it stands (after a write). */
  async current(consult: Consult): Promise<ConsultReport> {
    return (await findReport(this.deps.db, consult.id))!;
  }

  /** Names and time zone the printed page shows. */
  pageContext(
    consult: Consult,
    report: ConsultReport,
  ): Promise<ReportPageContext> {
    return reportPageContext(this.deps.db, consult.id, report.authorId);
  }
}
