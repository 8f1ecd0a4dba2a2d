import type { Database } from '../../server/db/database';

/**
 * Three PHQ-9 totals per bench patient (baseline at enrollment, two
 * follow-ups), spread so every flag of the outcome shows up, and an open
 * safety alert for one patient in fifty.
 */
export async function seedBenchScores(db: Database): Promise<void> {
  await db.query(
    `INSERT INTO assessments (patient_id, instrument, instrument_version, answered_by, ordered_by,
       answered_at, recorded_at, age_years, answers, item_values, status, total, band_id)
     SELECT r.patient_id, 'phq9', '1', 'patient', r.care_manager_id,
            r.started_on + g * interval '30 days' + interval '15 hours',
            r.started_on + g * interval '30 days' + interval '15 hours', 40, '{}', '{}', 'scored',
            greatest(0, 18 - g * (abs(hashtext(r.patient_id::text)) % 7)), 'x'
       FROM registry_enrollments r, generate_series(0, 2) g
      WHERE r.started_on + g * interval '30 days' < timestamptz '2026-11-27'`,
  );
  await db.query(
    `INSERT INTO safety_alerts (id, program_id, patient_id, assessment_id, ordered_by, flags, opened_at, escalate_at)
     SELECT gen_random_uuid(), r.program_id, a.patient_id, a.id, a.ordered_by, '[]', a.answered_at, a.answered_at
       FROM assessments a JOIN registry_enrollments r ON r.patient_id = a.patient_id
      WHERE abs(hashtext(a.patient_id::text)) % 50 = 0 AND a.total > 0
        AND a.answered_at = (SELECT max(answered_at) FROM assessments x WHERE x.patient_id = a.patient_id)`,
  );
}
