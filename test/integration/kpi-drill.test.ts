import { computeKpis } from '../../server/kpis/compute-kpis';
import { loadKpiAggregates } from '../../server/kpis/kpi-aggregates';
import { loadKpiDrill } from '../../server/kpis/kpi-drill';
import { type Figure, figureAt } from '../../server/kpis/kpi-figure';
import { kpiNumbers } from '../../server/kpis/kpi-numbers';
import { kpiPeriod } from '../../server/kpis/kpi-period';
import { loadKpiFacts } from '../../server/kpis/kpi-repository';
import { STORE_KINDS } from '../support/databases';
import { kpiFixtureDatabase } from '../support/kpi-fixture-database';
import {
  KPI_FIXTURE_TARGET as TARGET,
  KPI_FIXTURE_TZ as TZ,
} from '../support/kpi-fixture-program';

/** Every figure's dotted path in a page with ids (breakdown keys included). */
function figurePaths(node: unknown, prefix = ''): string[] {
  if (!node || typeof node !== 'object') return [];
  if (Array.isArray((node as Figure).ids)) return [prefix];
  return Object.entries(node).flatMap(([k, v]) =>
    figurePaths(v, prefix ? `${prefix}.${k}` : k),
  );
}

const sorted = (ids: readonly string[]) => [...ids].sort();

/**
 * Drill-down in SQL on the fixture program: for every figure of the page
 * (each breakdown key too), the ids one statement returns are as many as
 * the page's numerator, with the page's denominator, and are the ids
 * computeKpis (the hand-tested reference) puts behind that figure.
 */
describe.each(STORE_KINDS)('KPI drill-down in SQL on %s', (store) => {
  const fx = kpiFixtureDatabase(store);

  it.each([
    ['2025-01-01', '2025-12-31'],
    ['2025-10-15', '2026-02-28'], // withdrawals, 29 February birthdays
  ])('%s..%s: every figure drills to its own ids', async (from, to) => {
    const period = kpiPeriod(from, to, TZ);
    const reference = computeKpis(
      await loadKpiFacts(fx.db, fx.programId, period, TARGET),
      period,
    );
    const page = kpiNumbers(
      await loadKpiAggregates(fx.db, fx.programId, period, TARGET),
      period,
      TARGET,
    );
    const paths = figurePaths(reference).filter((p) => p !== 'period');
    // Every kind of figure is here: consults, practices, users, patients,
    // trainings, feedback, with breakdown keys.
    expect(paths.length).toBeGreaterThan(40);
    expect(paths).toEqual(
      expect.arrayContaining([
        'callback.withinTarget',
        'patients.byAgeBand.0-5',
        'patients.rural',
        'reach.providersServed',
        'trainings.attendees',
        'feedback.wouldHaveReferredOut',
      ]),
    );
    for (const path of paths) {
      const drilled = await loadKpiDrill(
        fx.db,
        fx.programId,
        period,
        TARGET,
        path,
      );
      // The page's numbers for this figure (the page carries no ids).
      const numbers = path
        .split('.')
        .reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], page) as {
        numerator: number;
        denominator: number | null;
      };
      expect({ path, count: drilled?.ids.length }).toEqual({
        path,
        count: numbers.numerator,
      });
      expect({ path, denominator: drilled?.denominator }).toEqual({
        path,
        denominator: numbers.denominator,
      });
      const ids = figureAt(reference, path)!.ids;
      expect({ path, ids: sorted(drilled!.ids) }).toEqual({
        path,
        ids: sorted(ids),
      });
    }
    // The fixture gives the figures something to count.
    expect(page.callback.withinTarget.numerator).toBeGreaterThan(0);
    expect(page.patients.rural.numerator).toBeGreaterThan(0);
  });

  it('lists consults by time and patients by their first consult', async () => {
    const period = kpiPeriod('2025-01-01', '2025-12-31', TZ);
    const reference = computeKpis(
      await loadKpiFacts(fx.db, fx.programId, period, TARGET),
      period,
    );
    for (const path of ['callback.withinTarget', 'patients.served']) {
      const drilled = await loadKpiDrill(
        fx.db,
        fx.programId,
        period,
        TARGET,
        path,
      );
      expect(drilled!.ids).toEqual(figureAt(reference, path)!.ids);
    }
  });

  it.each([
    'callback.medianMinutes',
    'reach.enrolledPracticeDays',
    'consults.byType',
    'consults.total.extra',
    'constructor',
    'consults.constructor',
  ])('%s names no figure', async (path) => {
    const period = kpiPeriod('2025-03-01', '2025-03-31', TZ);
    expect(
      await loadKpiDrill(fx.db, fx.programId, period, TARGET, path),
    ).toBeNull();
  });
});
