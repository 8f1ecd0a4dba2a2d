import { localDate, monthBounds, monthOf } from '../billing/calendar-days';
import { COLLABORATIVE_CARE_DEFAULTS } from '../billing/payer-rules';
import type { Clock } from '../clock';
import type { Database, Queryable } from '../db/database';
import type { RegistryFlag } from './registry-flags';
import {
  registryRowFacts,
  registryRowDetails,
  type RegistryScope,
} from './registry-repository';
import {
  arrangeRows,
  type RankedRow,
  type RegistryRow,
  type RegistrySort,
  rankRow,
  registryRow,
} from './registry-row';
import { registryProgram } from './registry-program';

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
 * One statement reads what every row is flagged and sorted from (scores,
 * minutes, contacts, alerts); the flags, counts, filter and order are the
 * pure functions of registry-row over all of them; only the page's rows
 * are then built, with what only the page shows (a second, small
 * statement: the team, its names, contacts, next contact, last review).
 */
export class RegistryList {
  constructor(private readonly deps: RegistryListDeps) {}

  private async ranked(
    scope: RegistryScope,
  ): Promise<{ rows: RankedRow[]; month: string }> {
    const now = this.deps.clock.now();
    const program = await registryProgram(this.deps.db, scope.programId);
    const { timeZone, thresholds } = program;
    const month = monthOf(localDate(now.getTime(), timeZone));
    const { start, end } = monthBounds(month, timeZone);
    const facts = await withoutJit(this.deps.db, (db) =>
      registryRowFacts(db, scope, {
        now,
        month: { start: new Date(start), end: new Date(end) },
        timeZone,
        baselineLookbackDays: thresholds.baselineLookbackDays,
      }),
    );
    const ctx = {
      now: now.getTime(),
      month,
      timeZone,
      thresholds,
      rules: COLLABORATIVE_CARE_DEFAULTS,
    };
    return { rows: facts.map((f) => rankRow(f, ctx)), month };
  }

  /** The page's rows, in the order given, with what only a page shows. */
  private async named(rows: readonly RankedRow[]): Promise<RegistryRow[]> {
    const details = await registryRowDetails(
      this.deps.db,
      rows.map((r) => r.facts.enrollmentId),
    );
    return rows.flatMap((r) => {
      const d = details.get(r.facts.enrollmentId);
      return d ? [registryRow(r, d)] : [];
    });
  }

  /** Every row in scope, unsorted (the patient page asks for one). */
  async rows(
    scope: RegistryScope,
  ): Promise<{ rows: RegistryRow[]; month: string }> {
    const { rows, month } = await this.ranked(scope);
    return { rows: await this.named(rows), month };
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
    const { rows, month } = await this.ranked(scope);
    const arranged = arrangeRows(rows, q.flag, q.sort);
    return {
      total: arranged.rows.length,
      rows: await this.named(arranged.rows.slice(q.offset, q.offset + q.limit)),
      flagCounts: arranged.flagCounts,
      month,
    };
  }
}

/**
 * Runs a read with PostgreSQL's JIT off: the registry statement's estimate
 * (thousands of short index lookups) crosses the JIT thresholds, and
 * compiling it took two seconds for a statement that runs in a fraction of
 * that. PGlite has no JIT; the read runs as it is.
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
