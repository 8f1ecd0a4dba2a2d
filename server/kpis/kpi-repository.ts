import type { Queryable } from '../db/database';
import type { KpiFacts } from './kpi-facts';
import type { KpiPeriod } from './kpi-period';

/**
 * The facts of one period, in five queries: the period's consults (with
 * their patient, first call and interpreter flag), the program's practices
 * and PCPs, the period's trainings and the feedback on its consults.
 */
export async function loadKpiFacts(
  db: Queryable,
  programId: string,
  period: KpiPeriod,
  targetMinutes: number,
): Promise<KpiFacts> {
  const start = new Date(period.startMs);
  const end = new Date(period.endMs);
  const consults = await db.query<{
    id: string;
    practiceId: string;
    providerId: string;
    patientId: string;
    consultType: string;
    reasonCategories: string[];
    urgency: string;
    status: string;
    disposition: string | null;
    diagnosisCategories: string[];
    createdAtMs: string;
    callbackAtMs: string | null;
    interpreterUsed: boolean;
  }>(
    `SELECT c.id, c.practice_id AS "practiceId", c.requested_by AS "providerId", c.patient_id AS "patientId",
            c.consult_type AS "consultType", c.reason_categories AS "reasonCategories", c.urgency, c.status,
            c.disposition, c.diagnosis_categories AS "diagnosisCategories",
            (extract(epoch FROM c.created_at) * 1000)::bigint AS "createdAtMs",
            (extract(epoch FROM c.call_started_at) * 1000)::bigint AS "callbackAtMs",
            EXISTS (SELECT 1 FROM visits v JOIN visit_participants vp ON vp.visit_id = v.id
                     WHERE v.consult_id = c.id AND vp.role = 'interpreter') AS "interpreterUsed"
       FROM consults c
      WHERE c.program_id = $1 AND c.created_at >= $2 AND c.created_at < $3`,
    [programId, start, end],
  );
  const patients = await db.query<{
    id: string;
    birthDate: string;
    language: string;
  }>(
    `SELECT p.id, to_char(p.birth_date, 'YYYY-MM-DD') AS "birthDate", p.preferred_language AS language
       FROM patients p
      WHERE p.id IN (SELECT patient_id FROM consults WHERE program_id = $1 AND created_at >= $2 AND created_at < $3)`,
    [programId, start, end],
  );
  const practices = await db.query<KpiFacts['practices'][number]>(
    `SELECT id, to_char(enrolled_on, 'YYYY-MM-DD') AS "enrolledOn", to_char(withdrawn_on, 'YYYY-MM-DD') AS "withdrawnOn", rural
       FROM practices WHERE program_id = $1`,
    [programId],
  );
  const providers = await db.query<KpiFacts['providers'][number]>(
    `SELECT id, practice_id AS "practiceId" FROM users
      WHERE program_id = $1 AND role = 'pcp' AND practice_id IS NOT NULL`,
    [programId],
  );
  const trainings = await db.query<{
    id: string;
    heldOn: string;
    minutes: number;
    cmeCredits: string;
    attendeeIds: string[];
  }>(
    `SELECT t.id, to_char(t.held_on, 'YYYY-MM-DD') AS "heldOn", t.minutes, t.cme_credits::text AS "cmeCredits",
            COALESCE(array_agg(a.user_id ORDER BY a.user_id) FILTER (WHERE a.user_id IS NOT NULL), '{}') AS "attendeeIds"
       FROM trainings t LEFT JOIN training_attendees a ON a.training_id = t.id
      WHERE t.program_id = $1 AND t.held_on BETWEEN $2::date AND $3::date
      GROUP BY t.id`,
    [programId, period.from, period.to],
  );
  const feedback = await db.query<KpiFacts['feedback'][number]>(
    `SELECT f.consult_id AS "consultId", f.useful, f.would_have_referred_out AS "wouldHaveReferredOut"
       FROM consult_feedback f JOIN consults c ON c.id = f.consult_id
      WHERE c.program_id = $1 AND c.created_at >= $2 AND c.created_at < $3`,
    [programId, start, end],
  );
  return {
    targetMinutes,
    consults: consults.rows.map((r) => ({
      ...r,
      createdAtMs: Number(r.createdAtMs),
      callbackAtMs: r.callbackAtMs === null ? null : Number(r.callbackAtMs),
    })),
    patients: patients.rows,
    practices: practices.rows,
    providers: providers.rows,
    trainings: trainings.rows.map((t) => ({
      ...t,
      cmeCredits: Number(t.cmeCredits),
    })),
    feedback: feedback.rows,
  };
}

/** The program's time zone (its reporting calendar). */
export async function programTimeZone(
  db: Queryable,
  programId: string,
): Promise<string> {
  const { rows } = await db.query<{ timezone: string }>(
    'SELECT timezone FROM programs WHERE id = $1',
    [programId],
  );
  return rows[0]?.timezone ?? 'America/New_York';
}
