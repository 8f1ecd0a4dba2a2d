import type { Database } from '../../server/db/database';

export const KPI_FIXTURE_TZ = 'America/New_York';
export const KPI_FIXTURE_TARGET = 30;
const TZ = KPI_FIXTURE_TZ;

/**
 * A varied program (practices enrolled late and withdrawn, consults at every
 * quarter hour through two clock changes, each status and type, behavioral
 * health consults that must not count, interpreters, feedback, trainings):
 * the KPI page counted by PostgreSQL and its drill-downs are checked
 * against computeKpis (the hand-tested reference) on it.
 */
export async function seedKpiProgram(
  db: Database,
  programId: string,
): Promise<void> {
  await db.query(
    `INSERT INTO programs (id, name, timezone) VALUES ($1, 'Agreement program', $2)`,
    [programId, TZ],
  );
  await db.query(
    `INSERT INTO practices (program_id, name, state, rural, rural_basis, enrolled_on, withdrawn_on)
     SELECT $1, 'Practice ' || g, 'MA', g % 3 = 0, '', DATE '2025-01-01' + (g * 41),
            CASE WHEN g % 4 = 1 THEN DATE '2025-11-01' + g END
       FROM generate_series(0, 7) g`,
    [programId],
  );
  await db.query(
    `INSERT INTO users (program_id, practice_id, email, password_hash, role, display_name)
     SELECT $1, p.id, 'pcp-' || p.id || '-' || k || '@agree.test', 'x', 'pcp', 'PCP'
       FROM practices p, generate_series(0, 2) k WHERE p.program_id = $1`,
    [programId],
  );
  await db.query(
    `INSERT INTO patients (practice_id, given_name, family_name, birth_date, sex, state, preferred_language)
     SELECT p.id, 'A', 'B', DATE '2003-03-08' + (g * 97 % 8000), 'unknown', 'MA',
            (ARRAY['en', 'es', 'pt', 'en'])[g % 4 + 1]
       FROM generate_series(0, 79) g
       JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM practices WHERE program_id = $1) p
         ON p.n = g % 8`,
    [programId],
  );
  await db.query(
    `INSERT INTO consults (program_id, practice_id, patient_id, requested_by, status, consult_type,
        reason_categories, clinical_question, urgency, specialty, callback_method, created_at,
        call_started_at, completed_at, disposition, diagnosis_categories, line)
     SELECT $1, pt.practice_id, pt.id, u.id,
            (ARRAY['completed', 'completed', 'expired', 'cancelled', 'completed'])[g % 5 + 1],
            (ARRAY['clinician_consult', 'direct_evaluation', 'resource_referral', 'econsult'])[g % 4 + 1],
            CASE g % 4 WHEN 0 THEN ARRAY['medication'] WHEN 1 THEN ARRAY['diagnosis', 'medication']
              WHEN 2 THEN ARRAY['resources'] ELSE '{}'::text[] END,
            'q', CASE WHEN g % 7 = 0 THEN 'urgent' ELSE 'routine' END, 'child_adolescent', 'video',
            t, CASE WHEN g % 5 IN (0, 1, 4) AND g % 11 <> 0 THEN t + ((g * 7) % 95) * interval '1 minute' END,
            NULL,
            CASE WHEN g % 5 IN (0, 1) THEN (ARRAY['advice_to_pcp', 'community_therapy', 'ed_inpatient'])[g % 3 + 1] END,
            CASE g % 3 WHEN 0 THEN ARRAY['anxiety'] WHEN 1 THEN ARRAY['adhd', 'anxiety'] ELSE '{}'::text[] END,
            CASE WHEN g % 13 = 0 THEN 'behavioral_health' ELSE 'psychiatry' END
       FROM generate_series(0, 899) g
       CROSS JOIN LATERAL (SELECT TIMESTAMPTZ '2025-01-01 04:52:00+00' + g * interval '9 hours 45 minutes' AS t) tt
       JOIN (SELECT id, practice_id, row_number() OVER (ORDER BY id) - 1 AS n FROM patients
              WHERE practice_id IN (SELECT id FROM practices WHERE program_id = $1)) pt ON pt.n = (g * 7) % 80
       JOIN LATERAL (SELECT id FROM users WHERE practice_id = pt.practice_id ORDER BY id
                      OFFSET g % 3 LIMIT 1) u ON true`,
    [programId],
  );
  const author = (
    await db.query<{ id: string }>(
      'SELECT id FROM users WHERE program_id = $1 ORDER BY id LIMIT 1',
      [programId],
    )
  ).rows[0]!.id;
  await db.query(
    `INSERT INTO visits (consult_id, program_id, patient_id, created_by, scheduled_at, status, phone_code, conference_name)
     SELECT c.id, $1, c.patient_id, $2, c.created_at, 'ended',
            lpad((row_number() OVER (ORDER BY c.id))::text, 8, '0'), 'conf-' || c.id
       FROM consults c WHERE c.program_id = $1 AND hashtext(c.id::text) % 9 = 0`,
    [programId, author],
  );
  await db.query(
    `INSERT INTO visit_participants (visit_id, role, display_name, state, created_by)
     SELECT v.id, CASE WHEN hashtext(v.id::text) % 2 = 0 THEN 'interpreter' ELSE 'guardian' END, 'X', 'invited', $2
       FROM visits v WHERE v.program_id = $1`,
    [programId, author],
  );
  await db.query(
    `INSERT INTO consult_feedback (consult_id, pcp_id, useful, would_have_referred_out, created_at)
     SELECT id, requested_by, hashtext(id::text) % 4 <> 0,
            CASE WHEN hashtext(id::text) % 3 = 0 THEN NULL ELSE hashtext(id::text) % 2 = 0 END,
            created_at + interval '1 day'
       FROM consults WHERE program_id = $1 AND status = 'completed' AND hashtext(id::text) % 3 <> 1`,
    [programId],
  );
  await db.query(
    `INSERT INTO trainings (program_id, held_on, topic, format, presenter, minutes, cme_credits, created_by, created_at)
     SELECT $1, DATE '2025-01-15' + g * 29, 'Topic ' || g, 'live_virtual', 'P', 30 + g * 5, 0.25 * g, $2, now()
       FROM generate_series(0, 17) g`,
    [programId, author],
  );
  await db.query(
    `INSERT INTO training_attendees (training_id, user_id)
     SELECT t.id, u.id FROM trainings t CROSS JOIN LATERAL
       (SELECT id FROM users WHERE program_id = $1 ORDER BY md5(id::text || t.id::text) LIMIT 5) u
      WHERE t.program_id = $1`,
    [programId],
  );
  await seedEdges(db, programId);
}

/**
 * Birthdays on the first consult's local day (either side of local
 * midnight on the spring-forward day, and 29 February in a common year),
 * and one patient seen at the same instant by a rural and an urban
 * practice (the first consult is then the one with the lower id).
 */
async function seedEdges(db: Database, programId: string): Promise<void> {
  const edges: [name: string, born: string, practice: string, at: string][] = [
    ['e1', '2019-03-10', '2025-01-01', '2025-03-09 23:30'],
    ['e2', '2019-03-10', '2025-01-01', '2025-03-10 00:30'],
    ['e3', '2008-02-29', '2025-01-01', '2026-02-28 12:00'],
    ['e4', '2008-02-29', '2025-01-01', '2026-03-01 00:10'],
    ['e5', '2015-06-01', '2025-01-01', '2025-06-15 14:00'],
    ['e5', '2015-06-01', '2025-02-11', '2025-06-15 14:00'],
  ];
  for (const [name, born, enrolledOn, local] of edges)
    await db.query(
      `WITH pr AS (SELECT id FROM practices
                    WHERE program_id = $1 AND enrolled_on = $3::date),
            pt AS (INSERT INTO patients (practice_id, given_name, family_name,
                     birth_date, sex, state, preferred_language)
                   SELECT id, 'Edge', $4, $2::date, 'unknown', 'MA', 'en'
                     FROM pr
                    WHERE NOT EXISTS (SELECT 1 FROM patients
                                       WHERE family_name = $4)
                   RETURNING id),
            who AS (SELECT id FROM pt UNION ALL
                    SELECT id FROM patients WHERE family_name = $4)
       INSERT INTO consults (program_id, practice_id, patient_id, requested_by,
         status, consult_type, reason_categories, clinical_question, urgency,
         specialty, callback_method, created_at, line)
       SELECT $1, pr.id, (SELECT id FROM who LIMIT 1),
              (SELECT id FROM users WHERE practice_id = pr.id LIMIT 1),
              'completed', 'clinician_consult', ARRAY['medication'], 'q',
              'routine', 'child_adolescent', 'video',
              $5::timestamp AT TIME ZONE $6::text, 'psychiatry'
         FROM pr`,
      [programId, born, enrolledOn, name, local, TZ],
    );
}
