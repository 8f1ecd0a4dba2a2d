import { localDate, monthBounds, monthOf } from '../billing/calendar-days';
import { COLLABORATIVE_CARE_DEFAULTS } from '../billing/payer-rules';
import type { Clock } from '../clock';
import type { Database, Queryable } from '../db/database';
import type { RegistryFlag } from './registry-flags';
import {
  type RegistryPageQuery,
  type RegistryPageResult,
  type RegistryPageWindow,
  registryPageQuery,
} from './registry-page-query';
import { registryProgram } from './registry-program';
import type { RegistryScope } from './registry-repository';
import {
  type RegistryRow,
  type RegistrySort,
  rankRow,
  registryRow,
} from './registry-row';

export interface RegistryListDeps {
  db: Database;
  clock: Clock;
}

export interface RegistryPage {
  total: number;
  rows: RegistryRow[];
  flagCounts: Record<RegistryFlag, number>;
  month: string;
}

/**
 * The registry: open episodes in the caller's scope as rows with flags.
 * One statement (registry-page-query.ts) flags, counts, filters and orders
 * every episode in SQL from the summaries kept on it and returns the
 * page's rows only; those rows are then built and flagged by the pure
 * functions (registry-row.ts), the definition the SQL is tested against.
 */
export class RegistryList {
  constructor(private readonly deps: RegistryListDeps) {}

  /** The program's zone, month and thresholds at the clock's now. */
  async window(programId: string): Promise<RegistryPageWindow> {
    const now = this.deps.clock.now();
    const { timeZone, thresholds } = await registryProgram(
      this.deps.db,
      programId,
    );
    const today = localDate(now.getTime(), timeZone);
    const month = monthOf(today);
    const { start, end } = monthBounds(month, timeZone);
    return {
      now,
      today,
      month,
      monthStart: new Date(start),
      monthEnd: new Date(end),
      timeZone,
      thresholds,
      monthEndingSoon:
        end - now.getTime() < thresholds.minutesShortDaysLeft * 86_400_000,
      rules: COLLABORATIVE_CARE_DEFAULTS,
    };
  }

  private async read(
    scope: RegistryScope,
    q: RegistryPageQuery,
  ): Promise<{
    result: RegistryPageResult;
    rows: RegistryRow[];
    month: string;
  }> {
    const w = await this.window(scope.programId);
    const result = await withoutJit(this.deps.db, (db) =>
      registryPageQuery(db, scope, w, q),
    );
    const ctx = {
      now: w.now.getTime(),
      month: w.month,
      timeZone: w.timeZone,
      thresholds: w.thresholds,
      rules: w.rules,
    };
    const rows = result.rows.map((r) =>
      registryRow(rankRow(r.facts, ctx), r.details),
    );
    return { result, rows, month: w.month };
  }

  /** Every row in scope by name (the patient page asks for one). */
  async rows(
    scope: RegistryScope,
  ): Promise<{ rows: RegistryRow[]; month: string }> {
    const { rows, month } = await this.read(scope, {
      sort: 'name',
      limit: null,
      offset: 0,
    });
    return { rows, month };
  }

  async page(
    scope: RegistryScope,
    q: {
      flag?: RegistryFlag;
      sort: RegistrySort;
      limit: number;
      offset: number;
    },
  ): Promise<RegistryPage> {
    const { result, rows, month } = await this.read(scope, q);
    return {
      total: result.total,
      rows,
      flagCounts: result.flagCounts,
      month,
    };
  }
}

/**
 * Runs a read with PostgreSQL's JIT off. The page statement calls the
 * summaries' fallbacks (registry_followed_scores, registry_care_ms) in
 * CASE branches almost never taken, but the planner costs every branch for
 * every row: the estimate (~200,000) crosses the JIT thresholds and
 * compiling took 1.26 s of a 2.1 s statement under EXPLAIN ANALYZE (10,000
 * patients). PGlite has no JIT; the read runs as it is.
 */
function withoutJit<T>(
  db: Database,
  read: (q: Queryable) => Promise<T>,
): Promise<T> {
  if (db.kind !== 'postgres') return read(db);
  return db.transaction(async (tx) => {
    await tx.query('SET LOCAL jit = off');
    return read(tx);
  });
}
