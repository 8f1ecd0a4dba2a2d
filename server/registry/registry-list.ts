import { localDate, monthBounds, monthOf } from '../billing/calendar-days';
import { COLLABORATIVE_CARE_DEFAULTS } from '../billing/payer-rules';
import { programTimeZone } from '../billing/billing-facts-repository';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import type { OutcomeSource } from './outcome-source';
import type { RegistryFlag } from './registry-flags';
import { registryRowFacts, type RegistryScope } from './registry-repository';
import {
  arrangeRows,
  type RegistryRow,
  type RegistrySort,
  registryRow,
} from './registry-row';
import {
  AIMS_DEFAULT_THRESHOLDS,
  type RegistryThresholds,
} from './registry-thresholds';

export interface RegistryListDeps {
  db: Database;
  clock: Clock;
  outcomes: OutcomeSource;
  thresholds?: RegistryThresholds;
}

export interface RegistryPage {
  total: number;
  rows: RegistryRow[];
  flagCounts: Record<RegistryFlag, number>;
  month: string;
}

/**
 * The registry: open episodes in the caller's scope as rows with flags.
 * SQL gathers the counts; scores and alerts come from the outcome source;
 * the flags, filter and order are the pure functions of registry-row.
 */
export class RegistryList {
  constructor(private readonly deps: RegistryListDeps) {}

  async rows(
    scope: RegistryScope,
  ): Promise<{ rows: RegistryRow[]; month: string }> {
    const now = this.deps.clock.now().getTime();
    const timeZone =
      (await programTimeZone(this.deps.db, scope.programId)) ??
      'America/New_York';
    const month = monthOf(localDate(now, timeZone));
    const { start, end } = monthBounds(month, timeZone);
    const facts = await registryRowFacts(this.deps.db, scope, {
      start: new Date(start),
      end: new Date(end),
    });
    const ids = facts.map((f) => f.patientId);
    const [scores, alerts] = await Promise.all([
      this.deps.outcomes.scores(ids),
      this.deps.outcomes.openSafetyAlerts(ids),
    ]);
    const ctx = {
      now,
      timeZone,
      thresholds: this.deps.thresholds ?? AIMS_DEFAULT_THRESHOLDS,
      rules: COLLABORATIVE_CARE_DEFAULTS,
    };
    const rows = facts.map((f) =>
      registryRow(
        f,
        scores.get(f.patientId) ?? [],
        alerts.has(f.patientId),
        ctx,
      ),
    );
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
    const { rows, month } = await this.rows(scope);
    const arranged = arrangeRows(rows, q.flag, q.sort);
    return {
      total: arranged.rows.length,
      rows: arranged.rows.slice(q.offset, q.offset + q.limit),
      flagCounts: arranged.flagCounts,
      month,
    };
  }
}
