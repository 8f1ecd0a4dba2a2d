/**
 * npm run bench:registry: the registry page for 10,000 enrolled patients in
 * one program on real PostgreSQL (a throwaway Debian cluster), against a
 * baseline measured in the same run: a plain indexed select of the same
 * open episodes (no aggregates, no flags). Each patient has ~3 contacts, ~3
 * care-manager ledger rows this month, a review for one in three and scores
 * (when the outcome source has them). Prints JSON; target p50 < 300 ms.
 */
import { openPostgres } from '../../server/db/postgres-database';
import { migrate } from '../../server/db/migrate';
import type { OutcomeSource } from '../../server/registry/outcome-source';
import { RegistryList } from '../../server/registry/registry-list';
import { plainRegistrySelect } from '../../server/registry/registry-repository';
import { startPostgres } from '../support/postgres-server';
import { benchOutcomes, seedBenchScores } from './registry-scores';

const PATIENTS = Number(process.env.BENCH_PATIENTS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const NOW = new Date('2026-11-27T15:00:00Z');

async function seed(db: Awaited<ReturnType<typeof openPostgres>>) {
  const q = async (sql: string, p: unknown[] = []) => {
    const t = performance.now();
    const r = await db.query(sql, p);
    if (process.env.BENCH_EXPLAIN)
      console.error(Math.round(performance.now() - t), sql.slice(0, 50));
    return r;
  };
  const program = (
    await q(
      `INSERT INTO programs (name, timezone) VALUES ('Bench', 'America/New_York') RETURNING id`,
    )
  ).rows[0] as { id: string };
  await q(
    `INSERT INTO practices (program_id, name, state)
     SELECT $1, 'Practice ' || g, 'MA' FROM generate_series(1, 20) g`,
    [program.id],
  );
  // 5 PCPs per practice, 2 care managers per practice, 10 consultants.
  await q(
    `INSERT INTO users (program_id, practice_id, email, password_hash, role, display_name)
     SELECT $1, pr.id, r || g || '-' || pr.id || '@bench.test', 'x', r, r || ' ' || g
       FROM practices pr, generate_series(1, 5) g, unnest(ARRAY['pcp','care_manager']) r
      WHERE pr.program_id = $1 AND (r = 'pcp' OR g <= 2)`,
    [program.id],
  );
  await q(
    `INSERT INTO users (program_id, email, password_hash, role, display_name)
     SELECT $1, 'psy' || g || '@bench.test', 'x', 'psychiatrist', 'Psy ' || g
       FROM generate_series(1, 10) g`,
    [program.id],
  );
  await q(
    `WITH pr AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM practices WHERE program_id = $1)
     INSERT INTO patients (practice_id, given_name, family_name, birth_date, sex, state)
     SELECT pr.id, 'Pat' || g, 'Bench' || g, '1980-01-01', 'female', 'MA'
       FROM generate_series(0, $2 - 1) g JOIN pr ON pr.i = g % 20`,
    [program.id, PATIENTS],
  );
  // Each patient: its practice's PCP and care manager, a consultant.
  await q(
    `WITH team AS (
       SELECT p.id AS patient_id, p.practice_id,
              (SELECT id FROM users u WHERE u.practice_id = p.practice_id AND role = 'pcp'
                ORDER BY id OFFSET (abs(hashtext(p.id::text)) % 5) LIMIT 1) AS pcp,
              (SELECT id FROM users u WHERE u.practice_id = p.practice_id AND role = 'care_manager'
                ORDER BY id OFFSET (abs(hashtext(p.id::text)) % 2) LIMIT 1) AS cm,
              (SELECT id FROM users u WHERE u.program_id = $1 AND role = 'psychiatrist'
                ORDER BY id OFFSET (abs(hashtext(p.id::text)) % 10) LIMIT 1) AS psy,
              date '2026-06-01' + (abs(hashtext(p.id::text || 's')) % 170) AS started
         FROM patients p JOIN practices pr ON pr.id = p.practice_id WHERE pr.program_id = $1
     ), ce AS (
       INSERT INTO care_enrollments (patient_id, kind, start_date, billing_clinician_id, recorded_by, recorded_at)
       SELECT patient_id, 'cocm', started, pcp, cm, $2 FROM team RETURNING id, patient_id
     )
     INSERT INTO registry_enrollments (enrollment_id, program_id, practice_id, patient_id, pcp_id, care_manager_id, consultant_id, started_on)
     SELECT ce.id, $1, team.practice_id, team.patient_id, team.pcp, team.cm, team.psy, team.started
       FROM ce JOIN team ON team.patient_id = ce.patient_id`,
    [program.id, NOW],
  );
  await q(
    `INSERT INTO time_ledger_entries (patient_id, clinician_id, time_role, activity, started_at, minutes, entered_by, entered_at)
     SELECT r.patient_id, r.care_manager_id, 'care_manager', 'care_management',
            timestamptz '2026-11-02 15:00Z' + (g * 7 + abs(hashtext(r.patient_id::text)) % 5) * interval '1 day',
            5 + abs(hashtext(r.patient_id::text || g)) % 15, r.care_manager_id, $1
       FROM registry_enrollments r, generate_series(0, 2) g`,
    [NOW],
  );
  await q(
    `INSERT INTO registry_contacts (enrollment_id, patient_id, care_manager_id, mode, outcome, contacted_at, ledger_entry_id, next_contact_on, recorded_at)
     SELECT r.enrollment_id, l.patient_id, l.clinician_id, 'phone', 'reached', l.started_at, l.id,
            (l.started_at + interval '14 days')::date, $1
       FROM time_ledger_entries l JOIN registry_enrollments r ON r.patient_id = l.patient_id`,
    [NOW],
  );
  await q(
    `WITH l AS (
       INSERT INTO time_ledger_entries (patient_id, clinician_id, time_role, activity, started_at, minutes, entered_by, entered_at)
       SELECT patient_id, consultant_id, 'consultant', 'care_management', timestamptz '2026-11-10 18:00Z', 3, consultant_id, $1
         FROM registry_enrollments WHERE abs(hashtext(patient_id::text)) % 3 = 0
       RETURNING id, patient_id
     )
     INSERT INTO registry_reviews (enrollment_id, patient_id, practice_id, consultant_id, pcp_id, recommendation, note, reviewed_at, ledger_entry_id)
     SELECT r.enrollment_id, r.patient_id, r.practice_id, r.consultant_id, r.pcp_id, 'continue', 'bench', timestamptz '2026-11-10 18:00Z', l.id
       FROM l JOIN registry_enrollments r ON r.patient_id = l.patient_id`,
    [NOW],
  );
  await q(
    `UPDATE registry_enrollments r SET contacts = k.n, last_contact_at = k.last_at,
            next_contact_on = (k.last_at + interval '14 days')::date
       FROM (SELECT enrollment_id, count(*)::int AS n, max(contacted_at) AS last_at
               FROM registry_contacts GROUP BY 1) k
      WHERE k.enrollment_id = r.enrollment_id`,
  );
  await q(
    `UPDATE registry_enrollments r SET last_review_at = w.reviewed_at, last_recommendation = w.recommendation
       FROM registry_reviews w WHERE w.enrollment_id = r.enrollment_id`,
  );
  await seedBenchScores(db);
  await q('ANALYZE');
  return program.id;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!;
};
const round = (n: number) => Math.round(n * 10) / 10;

async function time(runs: number, f: () => Promise<unknown>) {
  await f(); // warm the cache and the plan
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    out.push(performance.now() - t);
  }
  return { p50Ms: round(median(out)), p95Ms: round(p95(out)) };
}

async function main() {
  const pg = await startPostgres();
  const db = await openPostgres(pg.url, 4);
  try {
    await migrate(db);
    const seedStart = performance.now();
    const programId = await seed(db);
    const seedMs = Math.round(performance.now() - seedStart);
    const outcomes: OutcomeSource = benchOutcomes(db);
    const list = new RegistryList({ db, clock: { now: () => NOW }, outcomes });
    const scope = { programId, memberId: null };
    const first = await list.page(scope, {
      sort: 'needs_review',
      limit: 100,
      offset: 0,
    });
    const registry = await time(RUNS, () =>
      list.page(scope, { sort: 'needs_review', limit: 100, offset: 0 }),
    );
    const filtered = await time(RUNS, () =>
      list.page(scope, {
        flag: 'minutes_short',
        sort: 'minutes',
        limit: 100,
        offset: 0,
      }),
    );
    const baseline = await time(RUNS, () => plainRegistrySelect(db, programId));
    if (process.env.BENCH_EXPLAIN) {
      const { registryRowFacts } = await import(
        '../../server/registry/registry-repository'
      );
      const sqlOnly = await time(RUNS, () =>
        registryRowFacts(db, scope, {
          start: new Date('2026-11-01T04:00:00Z'),
          end: new Date('2026-12-01T05:00:00Z'),
        }),
      );
      console.error('sql only', sqlOnly);
      const ids = (
        await registryRowFacts(db, scope, {
          start: new Date('2026-11-01T04:00:00Z'),
          end: new Date('2026-12-01T05:00:00Z'),
        })
      ).map((f) => f.patientId);
      console.error('scores', await time(RUNS, () => outcomes.scores(ids)));
      console.error(
        'alerts',
        await time(RUNS, () => outcomes.openSafetyAlerts(ids)),
      );
      const explain = {
        query: async (sql: string, params?: readonly unknown[]) => {
          const r = await db.query(`EXPLAIN ANALYZE ${sql}`, params);
          for (const row of r.rows as Record<string, string>[])
            console.error(Object.values(row)[0]);
          return { rows: [], rowCount: 0 };
        },
      };
      await registryRowFacts(explain as never, scope, {
        start: new Date('2026-11-01T04:00:00Z'),
        end: new Date('2026-12-01T05:00:00Z'),
      });
    }
    console.log(
      JSON.stringify(
        {
          bench: 'registry',
          patients: first.total,
          runs: RUNS,
          seedMs,
          registryNeedsReviewFirst: registry,
          registryFlagFilter: filtered,
          baselinePlainIndexedSelect: baseline,
          ratioP50: round(registry.p50Ms / Math.max(baseline.p50Ms, 0.1)),
          flagCounts: first.flagCounts,
          targetP50Ms: 300,
          meetsTarget: registry.p50Ms < 300,
        },
        null,
        2,
      ),
    );
  } finally {
    await db.close();
    pg.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
