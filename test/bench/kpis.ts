/**
 * npm run bench:kpis: the KPI page of one year of a large program on
 * PostgreSQL: 200 practices, 2,000 providers, 30,000 patients, 50,000
 * consults (with calls, dispositions, feedback) and 48 trainings. Times the
 * page as the route builds it (every figure counted by PostgreSQL in one
 * statement) against a plain count(*) of the same consults, measured in the
 * same run, and one drill-down (the ids of a figure). Prints JSON with the
 * page's round trips. Target: the page in under 1 s. BENCH_PROFILE=1 also
 * prints EXPLAIN ANALYZE of the counting statement.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import type { Database, Queryable } from '../../server/db/database';
import { PENDING_SECTIONS } from '../../server/kpis/kpi-sections';
import {
  KPI_WORK_MEM,
  kpiAggregateQuery,
} from '../../server/kpis/kpi-aggregates';
import { withoutIds } from '../../server/kpis/kpi-figure';
import { kpiPeriod } from '../../server/kpis/kpi-period';
import { KpiService } from '../../server/kpis/kpi-service';
import { ProgramSettingsService } from '../../server/programs/program-settings-service';
import { openTestDatabase } from '../support/databases';
import { startPostgres } from '../support/postgres-server';

const PRACTICES = 200;
const PROVIDERS_PER_PRACTICE = 10;
const PATIENTS = 30_000;
const CONSULTS = Number(process.env.BENCH_CONSULTS ?? 50_000);
const RUNS = 7;
const DRILL_RUNS = 3;

async function seed(db: Database, programId: string): Promise<void> {
  await db.query(
    `INSERT INTO programs (id, name, timezone) VALUES ($1, 'Bench program', 'America/New_York')`,
    [programId],
  );
  // Every 20th practice withdraws in the autumn; every 4th is rural.
  await db.query(
    `INSERT INTO practices (program_id, name, state, rural, rural_basis, enrolled_on, withdrawn_on)
     SELECT $1, 'Practice ' || g, 'MA', g % 4 = 0, CASE WHEN g % 4 = 0 THEN 'RUCA 7.0' ELSE '' END,
            DATE '2024-06-01' + (g % 300), CASE WHEN g % 20 = 0 THEN DATE '2025-09-30' END
       FROM generate_series(1, $2::int) g`,
    [programId, PRACTICES],
  );
  await db.query(
    `INSERT INTO users (program_id, practice_id, email, password_hash, role, display_name)
     SELECT $1, p.id, 'pcp-' || p.id || '-' || k || '@bench.test', 'x', 'pcp', 'PCP'
       FROM practices p, generate_series(0, $2::int - 1) k WHERE p.program_id = $1`,
    [programId, PROVIDERS_PER_PRACTICE],
  );
  await db.query(
    `CREATE TEMP TABLE bp AS SELECT id, (row_number() OVER (ORDER BY id)) - 1 AS n FROM practices WHERE program_id = $1`,
    [programId],
  );
  await db.query(
    `INSERT INTO patients (practice_id, given_name, family_name, birth_date, sex, state, preferred_language)
     SELECT bp.id, 'Bench', 'Patient', DATE '2004-01-01' + (g % 7000), 'unknown', 'MA',
            CASE WHEN g % 5 = 0 THEN 'es' WHEN g % 17 = 0 THEN 'pt' ELSE 'en' END
       FROM generate_series(0, $1::int - 1) g JOIN bp ON bp.n = g % ${PRACTICES}`,
    [PATIENTS],
  );
  await db.query(
    `CREATE TEMP TABLE bpat AS SELECT id, practice_id, (row_number() OVER (ORDER BY id)) - 1 AS n FROM patients`,
  );
  await db.query(
    `CREATE TEMP TABLE bu AS SELECT id, practice_id, (row_number() OVER (PARTITION BY practice_id ORDER BY id)) - 1 AS k
       FROM users WHERE program_id = $1`,
    [programId],
  );
  await db.query(
    `INSERT INTO consults (program_id, practice_id, patient_id, requested_by, status, consult_type, reason_categories,
        clinical_question, urgency, specialty, callback_method, created_at, call_started_at, completed_at,
        disposition, diagnosis_categories)
     SELECT $1, bpat.practice_id, bpat.id, bu.id,
            CASE WHEN g % 50 = 0 THEN 'expired' WHEN g % 40 = 1 THEN 'cancelled' ELSE 'completed' END,
            (ARRAY['clinician_consult','clinician_consult','direct_evaluation','resource_referral'])[g % 4 + 1],
            ARRAY[(ARRAY['medication','diagnosis','resources','parent_guidance','safety','other'])[g % 6 + 1]],
            'q', CASE WHEN g % 9 = 0 THEN 'urgent' ELSE 'routine' END, 'child_adolescent', 'video',
            t, CASE WHEN g % 50 <> 0 AND g % 40 <> 1 THEN t + ((5 + g % 60) * interval '1 minute') END,
            CASE WHEN g % 50 <> 0 AND g % 40 <> 1 THEN t + interval '2 hours' END,
            CASE WHEN g % 50 <> 0 AND g % 40 <> 1 THEN
              (ARRAY['advice_to_pcp','care_coordination','direct_evaluation','community_therapy','psychiatry_referral','ed_inpatient'])[g % 6 + 1] END,
            ARRAY[(ARRAY['anxiety','depression','adhd','autism','trauma','behavior'])[g % 6 + 1]]
       FROM generate_series(0, $2::int - 1) g
       CROSS JOIN LATERAL (SELECT TIMESTAMPTZ '2025-01-01 05:00:00+00' + (g * (365.0 * 86400 / $2::int)) * interval '1 second' AS t) tt
       JOIN bpat ON bpat.n = g % ${PATIENTS}
       JOIN bu ON bu.practice_id = bpat.practice_id AND bu.k = g % ${PROVIDERS_PER_PRACTICE}`,
    [programId, CONSULTS],
  );
  const author = (
    await db.query<{ id: string }>(
      'SELECT id FROM users WHERE program_id = $1 LIMIT 1',
      [programId],
    )
  ).rows[0]!.id;
  await db.query(
    `INSERT INTO consult_feedback (consult_id, pcp_id, useful, would_have_referred_out, created_at)
     SELECT id, requested_by, (hashtext(id::text) % 5) <> 0, (hashtext(id::text) % 3) = 0, created_at + interval '1 day'
       FROM consults WHERE program_id = $1 AND status = 'completed' AND hashtext(id::text) % 10 = 0`,
    [programId],
  );
  await db.query(
    `INSERT INTO trainings (program_id, held_on, topic, format, presenter, minutes, cme_credits, created_by, created_at)
     SELECT $1, DATE '2025-01-08' + g * 7, 'Topic ' || g, 'live_virtual', 'Presenter', 60, 1, $2, now()
       FROM generate_series(0, 47) g`,
    [programId, author],
  );
  await db.query(
    `INSERT INTO training_attendees (training_id, user_id)
     SELECT t.id, u.id FROM trainings t CROSS JOIN LATERAL
       (SELECT id FROM users WHERE program_id = $1 ORDER BY md5(id::text || t.id::text) LIMIT 40) u
      WHERE t.program_id = $1`,
    [programId],
  );
  await db.query('ANALYZE');
}

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
        await tx.query(`SET LOCAL work_mem = '${KPI_WORK_MEM}'`);
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
    // One drill-down (ids of one figure): rows loaded and counted in JS.
    const drillMs: number[] = [];
    let reference = '';
    for (let i = 0; i < DRILL_RUNS; i++) {
      const t = performance.now();
      const { kpis: all } = await kpis.withIds(
        programId,
        '2025-01-01',
        '2025-12-31',
      );
      JSON.stringify(all.callback.withinTarget.ids);
      drillMs.push(performance.now() - t);
      reference = JSON.stringify(withoutIds(all));
    }
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
