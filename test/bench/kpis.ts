/**
 * npm run bench:kpis: the KPI page of one year of a large program on
 * PostgreSQL: 200 practices, 2,000 providers, 30,000 patients, 50,000
 * consults (with calls, dispositions, feedback) and 48 trainings. Times the
 * page as the route builds it (every figure counted by PostgreSQL in one
 * statement) against a plain count(*) of the same consults, measured in the
 * same run, and one drill-down (the ids of one figure, by its own
 * statement). Prints JSON with the page's round trips. Target: the page in
 * under 1 s. BENCH_PROFILE=1 also prints EXPLAIN ANALYZE of the counting
 * statement.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import type { Database, Queryable } from '../../server/db/database';
import { PENDING_SECTIONS } from '../../server/kpis/kpi-sections';
import { kpiAggregateQuery } from '../../server/kpis/kpi-aggregates';
import { KPI_SETTINGS } from '../../server/kpis/kpi-sql';
import { computeKpis } from '../../server/kpis/compute-kpis';
import { withoutIds } from '../../server/kpis/kpi-figure';
import { kpiPeriod } from '../../server/kpis/kpi-period';
import { loadKpiFacts } from '../../server/kpis/kpi-repository';
import { KpiService } from '../../server/kpis/kpi-service';
import { ProgramSettingsService } from '../../server/programs/program-settings-service';
import {
  CONSULTS,
  PATIENTS,
  PRACTICES,
  PROVIDERS_PER_PRACTICE,
  seed,
} from './kpi-seed';
import { openTestDatabase } from '../support/databases';
import { startPostgres } from '../support/postgres-server';

const RUNS = 7;
const DRILL_RUNS = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const round = (v: number) => Math.round(v * 10) / 10;

async function timed(work: () => Promise<unknown>): Promise<number[]> {
  await work(); // warm-up: plans cached, pages in the buffer cache
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await work();
    out.push(performance.now() - t);
  }
  return out;
}

async function main() {
  const pg = await startPostgres();
  process.env.TEST_POSTGRES_URL = pg.url;
  const db = await openTestDatabase('postgres');
  try {
    const programId = randomUUID();
    const seedStart = performance.now();
    await seed(db, programId);
    const seedMs = performance.now() - seedStart;
    const kpis = new KpiService({
      db,
      settings: new ProgramSettingsService(db),
      sections: PENDING_SECTIONS,
    });
    const period = kpiPeriod('2025-01-01', '2025-12-31', 'America/New_York');
    if (process.env.BENCH_PROFILE) {
      // Where the page's time goes: the plan of the one counting statement.
      const q = kpiAggregateQuery(programId, period, 30);
      const plan = await db.transaction(async (tx) => {
        await tx.exec(KPI_SETTINGS);
        return tx.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN (ANALYZE, BUFFERS) ${q.text}`,
          q.values,
        );
      });
      console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
    }
    // Round trips of one page: every statement the service sends, counted
    // (a transaction adds its BEGIN and COMMIT).
    let roundTrips = 0;
    const countQueries = (q: Queryable): Queryable => ({
      query: (...args: Parameters<Queryable['query']>) => {
        roundTrips++;
        return q.query(...args);
      },
      exec: (sql) => {
        roundTrips++;
        return q.exec(sql);
      },
    });
    const counting: Database = {
      ...countQueries(db),
      kind: db.kind,
      transaction: (fn) => {
        roundTrips += 2;
        return db.transaction((tx) => fn(countQueries(tx)));
      },
      ping: () => db.ping(),
      close: () => db.close(),
    };
    await new KpiService({
      db: counting,
      settings: new ProgramSettingsService(counting),
      sections: PENDING_SECTIONS,
    }).page(programId, '2025-01-01', '2025-12-31');
    const pageRoundTrips = roundTrips;
    let page: Awaited<ReturnType<KpiService['page']>> | null = null;
    const pageMs = await timed(async () => {
      page = await kpis.page(programId, '2025-01-01', '2025-12-31');
      return JSON.stringify(page.kpis);
    });
    const countMs = await timed(() =>
      db.query(
        `SELECT count(*) FROM consults WHERE program_id = $1 AND created_at >= $2 AND created_at < $3`,
        [
          programId,
          new Date('2025-01-01T05:00:00Z'),
          new Date('2026-01-01T05:00:00Z'),
        ],
      ),
    );
    // One drill-down: the ids of "within target", by its own statement.
    const drillMs: number[] = [];
    let drilled = -1;
    for (let i = 0; i < DRILL_RUNS; i++) {
      const t = performance.now();
      const f = await kpis.drill(
        programId,
        '2025-01-01',
        '2025-12-31',
        'callback.withinTarget',
      );
      JSON.stringify(f!.ids);
      drillMs.push(performance.now() - t);
      drilled = f!.ids.length;
    }
    // The reference (not timed): the rows loaded and counted by computeKpis.
    const reference = JSON.stringify(
      withoutIds(
        computeKpis(await loadKpiFacts(db, programId, period, 30), period),
      ),
    );
    const k = page!.kpis;
    const result = {
      bench: 'kpis',
      data: {
        practices: PRACTICES,
        providers: PRACTICES * PROVIDERS_PER_PRACTICE,
        patients: PATIENTS,
        consults: CONSULTS,
        seedMs: Math.round(seedMs),
      },
      counted: {
        consults: k.consults.total.numerator,
        practicesEnrolled: k.reach.practicesEnrolled.numerator,
        providersServed: k.reach.providersServed.numerator,
        patientsServed: k.patients.served.numerator,
        withinTarget: k.callback.withinTarget.numerator,
      },
      runs: RUNS,
      kpiPageMs: {
        median: round(median(pageMs)),
        max: round(Math.max(...pageMs)),
      },
      pageRoundTrips,
      // The page counted in SQL equals computeKpis on the same rows.
      agreesWithReference: reference === JSON.stringify(k),
      // The drill-down lists as many ids as the page counts.
      drillMatchesPage: drilled === k.callback.withinTarget.numerator,
      drillMs: {
        median: round(median(drillMs)),
        max: round(Math.max(...drillMs)),
      },
      baselineCountMs: {
        median: round(median(countMs)),
        max: round(Math.max(...countMs)),
      },
      ratioToBaseline: round(median(pageMs) / Math.max(median(countMs), 0.01)),
      // A loaded machine slows both sides; the ratio is the figure that carries over.
      loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
      targetMs: 1000,
      meetsTarget: Math.max(...pageMs) < 1000,
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await db.close();
    pg.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
