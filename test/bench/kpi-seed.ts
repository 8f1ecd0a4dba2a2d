/**
 * The bench:kpis data set: one year of a large program on PostgreSQL (200
 * practices, 2,000 providers, 30,000 patients, 50,000 consults with calls,
 * dispositions and feedback, 48 trainings). Shared by the benchmark and by
 * anyone reproducing its plans with psql.
 */
import type { Database } from '../../server/db/database';

export const PRACTICES = 200;
export const PROVIDERS_PER_PRACTICE = 10;
export const PATIENTS = 30_000;
export const CONSULTS = Number(process.env.BENCH_CONSULTS ?? 50_000);

export async function seed(db: Database, programId: string): Promise<void> {
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
  // One completed consult in ten has feedback; 4 in 5 found it useful.
  await db.query(
    `INSERT INTO consult_feedback (consult_id, pcp_id, useful, would_have_referred_out, created_at)
     SELECT id, requested_by, (hashtext(id::text || 'u') % 5) <> 0,
            (hashtext(id::text || 'r') % 3) = 0, created_at + interval '1 day'
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
