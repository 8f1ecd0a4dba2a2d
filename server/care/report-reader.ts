import type { AuditWriter } from '../auth/access-gate';
import type { Principal } from '../auth/roles';
import type { Consult } from '../consults/consult';
import type { Database } from '../db/database';
import { notFound } from '../errors';
import type { ConsultReport } from '../reports/consult-report';
import {
  findReport,
  type InboxItem,
  signedReportsForPractice,
} from '../reports/report-repository';

/**
 * Consult reports as the caller may read them (reached through the
 * request's CareReader): a report is reached through its consult, which the
 * reader's `consultToChange` checks first.
 */
export class ReportReader {
  constructor(
    private readonly db: Database,
    private readonly who: Principal,
    private readonly audit: AuditWriter,
    private readonly consultToChange: (
      id: string,
      action: string,
    ) => Promise<Consult>,
  ) {}

  /** A consult's report: a PCP sees it once signed, the clinical team drafts too. */
  async report(
    consultId: string,
    action: string,
  ): Promise<{ consult: Consult; report: ConsultReport }> {
    const consult = await this.consultToChange(consultId, action);
    const report = await findReport(this.db, consult.id);
    if (!report || (this.who.role === 'pcp' && report.status !== 'signed'))
      throw notFound('The consult report');
    await this.audit({
      action,
      patientId: consult.patientId,
      resourceType: 'consult_report',
      resourceId: report.id,
      details: { consultId: consult.id },
    });
    return { consult, report };
  }

  /** The PCP's signed reports: their practice's consults. */
  async signedReports(): Promise<InboxItem[]> {
    const items = await signedReportsForPractice(
      this.db,
      this.who.practiceId!,
      this.who.userId,
    );
    await this.audit({
      action: 'report.list',
      resourceType: 'consult_report',
      details: { count: items.length },
    });
    return items;
  }
}
