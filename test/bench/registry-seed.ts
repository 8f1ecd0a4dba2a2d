import type { Database } from '../../server/db/database';
import { seedBenchScores } from './registry-scores';

/**
 * A program of `patients` enrolled patients (20 practices, 3 contacts and 3
 * care-manager ledger rows each in November 2026, a review for one in
 * three, 3 PHQ-9 totals each, an open alert for one in fifty). Returns the
 * program's id. Used by the benchmark and the registry page test.
 */
export async function seedRegistry(
  db: Database,
  PATIENTS: number,
  NOW: Date,
): Promise<string> {
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
