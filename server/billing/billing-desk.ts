import type { AuditLog } from '../audit/audit-log';
import type { AuditActor } from '../audit/audit-actor';
import type { Clock } from '../clock';
import type { Consult } from '../consults/consult';
import type { Database } from '../db/database';
import { loadConsultFacts } from './billing-facts-repository';
import { payerOverrides, savePayerOverride } from './payer-rules-repository';
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
 * The biller's desk: a program's lines, exports and payer tables, bound to
 * the signed-in caller's program (reached as `ctx.care.billing`), so a
 * handler cannot ask for another program's rows.
 */
export class BillingDesk {
  private readonly programId: string;

  constructor(
    private readonly deps: BillingDeskDeps,
    private readonly who: { programId: string; userId: string },
  ) {
    this.programId = who.programId;
  }

  lines(from: string, to: string, filter: LineFilter) {
    return linesInPeriod(this.deps.db, this.programId, from, to, filter);
  }

  lineHistory(lineKey: string) {
    return lineHistory(this.deps.db, this.programId, lineKey);
  }

  recompute(period: string) {
    return recomputePeriod(this.deps, this.programId, period);
  }

  createExport(period: string, format: ExportFormat) {
    return createExport(this.deps.db, {
      programId: this.programId,
      period,
      format,
      userId: this.who.userId,
      now: this.deps.clock.now(),
    });
  }

  exports(period?: string) {
    return listExports(this.deps.db, this.programId, period);
  }

  /** The export and its file checked against its hash (null file: it no longer reproduces). */
  async exportWithFile(exportId: string) {
    const exp = await findExport(this.deps.db, this.programId, exportId);
    return exp ? { exp, file: await exportFile(this.deps.db, exp) } : null;
  }

  payerOverrides() {
    return payerOverrides(this.deps.db, this.programId);
  }

  /** Writes the override with its audit row. */
  async setPayerOverride(
    actor: AuditActor,
    payer: string,
    rules: PayerRulesOverride,
  ): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      await savePayerOverride(tx, {
        programId: this.programId,
        payer,
        rules,
        by: actor.userId,
        now: this.deps.clock.now(),
      });
      await this.deps.audit.record(
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

  /** A consult's lines (the consult comes from the care reader's `consult`). */
  consultLines(consult: Consult) {
    return linesOfConsult(this.deps.db, consult.id);
  }

  /** A dry run of the engine on the consult's facts as of now. */
  async preview(consult: Consult) {
    const facts = await loadConsultFacts(
      this.deps.db,
      consult.id,
      this.deps.clock.now(),
    );
    return facts ? codeConsult(facts) : null;
  }
}
