import type { AuditLog } from '../audit/audit-log';
import type { AuditActor } from '../care/care-reader';
import type { Clock } from '../clock';
import type { Consult } from '../consults/consult';
import type { Database } from '../db/database';
import {
  loadConsultFacts,
  payerOverrides,
  savePayerOverride,
} from './billing-facts-repository';
import {
  lineHistory,
  linesInPeriod,
  linesOfConsult,
} from './billing-line-repository';
import { recomputePeriod } from './billing-recompute';
import { codeConsult } from './coding-engine';
import {
  createExport,
  type ExportFormat,
  exportFile,
  findExport,
  listExports,
} from './export-repository';
import type { PayerRulesOverride } from './payer-rules';

export interface BillingDeskDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
}

export type { BillingLine, LineView } from './billing-line-repository';
export type { BillingExport } from './export-repository';

type LineFilter = Parameters<typeof linesInPeriod>[4];

/**
 * The biller's desk: a program's lines, exports and payer tables. Every
 * method takes the program from the signed-in caller, so a handler cannot
 * ask for another program's rows.
 */
export class BillingDesk {
  constructor(private readonly d: BillingDeskDeps) {}

  lines(programId: string, from: string, to: string, filter: LineFilter) {
    return linesInPeriod(this.d.db, programId, from, to, filter);
  }

  lineHistory(programId: string, lineKey: string) {
    return lineHistory(this.d.db, programId, lineKey);
  }

  recompute(programId: string, period: string) {
    return recomputePeriod(this.d, programId, period);
  }

  createExport(
    who: { programId: string; userId: string },
    period: string,
    format: ExportFormat,
  ) {
    return createExport(this.d.db, {
      programId: who.programId,
      period,
      format,
      userId: who.userId,
      now: this.d.clock.now(),
    });
  }

  exports(programId: string, period?: string) {
    return listExports(this.d.db, programId, period);
  }

  /** The export and its file checked against its hash (null file: it no longer reproduces). */
  async exportWithFile(programId: string, exportId: string) {
    const exp = await findExport(this.d.db, programId, exportId);
    return exp ? { exp, file: await exportFile(this.d.db, exp) } : null;
  }

  payerOverrides(programId: string) {
    return payerOverrides(this.d.db, programId);
  }

  /** Writes the override with its audit row. */
  async setPayerOverride(
    actor: AuditActor,
    programId: string,
    payer: string,
    rules: PayerRulesOverride,
  ): Promise<void> {
    await this.d.db.transaction(async (tx) => {
      await savePayerOverride(tx, {
        programId,
        payer,
        rules,
        by: actor.userId,
        now: this.d.clock.now(),
      });
      await this.d.audit.record(
        {
          ...actor,
          action: 'billing.payer_rules.update',
          resourceType: 'billing_payer_rules',
          resourceId: payer,
        },
        tx,
      );
    });
  }

  /** A consult's lines (the consult comes from the care reader). */
  consultLines(consult: Consult) {
    return linesOfConsult(this.d.db, consult.id);
  }

  /** A dry run of the engine on the consult's facts as of now. */
  async preview(consult: Consult) {
    const facts = await loadConsultFacts(
      this.d.db,
      consult.id,
      this.d.clock.now(),
    );
    return facts ? codeConsult(facts) : null;
  }
}
