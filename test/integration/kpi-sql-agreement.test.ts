import { computeKpis } from '../../server/kpis/compute-kpis';
import { loadKpiAggregates } from '../../server/kpis/kpi-aggregates';
import { withoutIds } from '../../server/kpis/kpi-figure';
import { kpiNumbers } from '../../server/kpis/kpi-numbers';
import { kpiPeriod } from '../../server/kpis/kpi-period';
import { loadKpiFacts } from '../../server/kpis/kpi-repository';
import { STORE_KINDS } from '../support/databases';
import { kpiFixtureDatabase } from '../support/kpi-fixture-database';
import {
  KPI_FIXTURE_TARGET,
  KPI_FIXTURE_TZ,
} from '../support/kpi-fixture-program';

/**
 * The KPI page counted by PostgreSQL in one statement must equal the page
 * computeKpis counts from the rows (the hand-tested reference) for every
 * period, figure by figure, on the fixture program.
 */
const TZ = KPI_FIXTURE_TZ;
const TARGET = KPI_FIXTURE_TARGET;

describe.each(STORE_KINDS)('KPI page counted in SQL on %s', (store) => {
  const fx = kpiFixtureDatabase(store);

  it.each([
    ['2025-01-01', '2025-12-31'],
    ['2025-03-01', '2025-03-31'], // spring forward
    ['2025-11-02', '2025-11-02'], // fall back: a 25-hour day
    ['2025-10-15', '2026-02-28'], // withdrawals
    ['2026-01-01', '2026-12-31'],
    ['2024-01-01', '2024-12-31'], // before anything
  ])('%s..%s: the same numbers as computeKpis', async (from, to) => {
    const period = kpiPeriod(from, to, TZ);
    const reference = withoutIds(
      computeKpis(
        await loadKpiFacts(fx.db, fx.programId, period, TARGET),
        period,
      ),
    );
    const counted = kpiNumbers(
      await loadKpiAggregates(fx.db, fx.programId, period, TARGET),
      period,
      TARGET,
    );
    expect(counted).toEqual(reference);
    // Key order too: the CSV and the dashboard list breakdowns in it.
    expect(JSON.stringify(counted)).toBe(JSON.stringify(reference));
    if (from === '2025-01-01') {
      // The fixture exercises what it claims to.
      expect(reference.consults.total.numerator).toBeGreaterThan(300);
      expect(reference.patients.interpreterUsed.numerator).toBeGreaterThan(0);
      expect(reference.feedback.useful.denominator).toBeGreaterThan(0);
      expect(reference.callback.withinTarget.numerator).toBeGreaterThan(0);
      expect(reference.consults.byType.econsult?.numerator).toBeGreaterThan(0);
    }
  });
});
