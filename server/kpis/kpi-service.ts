import { createHash } from 'node:crypto';
import type { Database } from '../db/database';
import type { ProgramSettingsService } from '../programs/program-settings-service';
import { loadKpiAggregates } from './kpi-aggregates';
import { loadKpiDrill } from './kpi-drill';
import { type Figure, figureAt } from './kpi-figure';
import { kpiNumbers, type KpiNumbers } from './kpi-numbers';
import { kpiPeriod } from './kpi-period';
import { programTimeZone } from './kpi-repository';
import {
  collectSections,
  type KpiSection,
  type KpiSectionSource,
} from './kpi-sections';
import { pmhcaCsv } from './pmhca-csv';
import {
  findReportFile,
  programName,
  storeReportFile,
  type ReportFile,
} from './report-file-repository';

export interface KpiServiceDeps {
  db: Database;
  settings: ProgramSettingsService;
  /** Sections other modules contribute (pending ones read "not collected yet"). */
  sections: readonly KpiSectionSource[];
}

/** The KPI page and the federal report file of a period: load, compute (pure), store. */
export class KpiService {
  constructor(private readonly deps: KpiServiceDeps) {}

  /**
   * The KPI page: every figure's numerator and denominator, counted by
   * PostgreSQL in one statement (no ids: drill-down fetches those).
   */
  async page(
    programId: string,
    from: string,
    to: string,
  ): Promise<{ kpis: KpiNumbers; sections: KpiSection[] }> {
    const { period, targetMinutes } = await this.periodOf(programId, from, to);
    const [row, sections] = await Promise.all([
      loadKpiAggregates(this.deps.db, programId, period, targetMinutes),
      collectSections(this.deps.sections, { programId, period }),
    ]);
    return { kpis: kpiNumbers(row, period, targetMinutes), sections };
  }

  /**
   * The ids behind one figure (its dotted path on the page), or null when
   * the path names none: the consult figures by one SQL statement that
   * returns only that figure's ids (kpi-drill.ts); a section's from its
   * own source.
   */
  async drill(
    programId: string,
    from: string,
    to: string,
    path: string,
  ): Promise<Figure | null> {
    const { period, targetMinutes } = await this.periodOf(programId, from, to);
    const [head, key] = path.split('.');
    if (head !== 'sections')
      return loadKpiDrill(this.deps.db, programId, period, targetMinutes, path);
    const source = this.deps.sections.find((s) => s.key === key);
    if (!source?.figures) return null;
    const figures = await source.figures({ programId, period });
    return figureAt({ sections: { [key!]: figures } }, path);
  }

  private async periodOf(programId: string, from: string, to: string) {
    const tz = await programTimeZone(this.deps.db, programId);
    const period = kpiPeriod(from, to, tz);
    const { targetMinutes } = await this.deps.settings.queue(programId);
    return { period, targetMinutes };
  }

  /** Makes (or finds, when nothing changed) the period's PMHCA CSV. */
  async pmhcaFile(
    programId: string,
    from: string,
    to: string,
    by: string,
    now: Date,
  ): Promise<{ file: ReportFile; reused: boolean }> {
    const { kpis } = await this.page(programId, from, to);
    const csv = pmhcaCsv(await programName(this.deps.db, programId), kpis);
    return storeReportFile(this.deps.db, {
      programId,
      kind: 'pmhca_csv',
      from,
      to,
      ...csv,
      createdBy: by,
      now,
    });
  }

  /** A stored file, only if its bytes still give its hash. */
  async storedFile(
    programId: string,
    id: string,
  ): Promise<{ file: ReportFile; intact: boolean } | null> {
    const file = await findReportFile(this.deps.db, programId, id);
    if (!file) return null;
    const hash = createHash('sha256').update(file.body, 'utf8').digest('hex');
    return { file, intact: hash === file.sha256 };
  }
}
