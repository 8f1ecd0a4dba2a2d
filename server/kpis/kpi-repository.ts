import type { Queryable } from '../db/database';
import type { KpiFacts } from './kpi-facts';
import type { KpiPeriod } from './kpi-period';

type ConsultTuple = [
  id: string,
  practiceId: string,
  providerId: string,
  patientId: string,
  consultType: string,
  reasonCategories: string[],
  urgency: string,
  status: string,
  disposition: string | null,
  diagnosisCategories: string[],
  createdAtMs: number,
  callbackAtMs: number | null,
  interpreterUsed: boolean,
];

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
  // One JSON array of arrays: parsing it is several times faster than the
  // driver's per-row, per-column parsing of 50,000 rows.
  const consults = await db.query<{ rows: string }>(
    `SELECT COALESCE(json_agg(json_build_array(
              c.id, c.practice_id, c.requested_by, c.patient_id, c.consult_type, c.reason_categories,
              c.urgency, c.status, c.disposition, c.diagnosis_categories,
              (extract(epoch FROM c.created_at) * 1000)::bigint,
              (extract(epoch FROM c.call_started_at) * 1000)::bigint,
              c.id IN (SELECT v.consult_id FROM visits v JOIN visit_participants vp ON vp.visit_id = v.id
                        WHERE v.program_id = $1 AND vp.role = 'interpreter')))::text, '[]') AS rows
       FROM consults c
      -- Psychiatry consults only: a warm handoff rides the consult table on
      -- the behavioral_health line and is counted in its own section.
      WHERE c.program_id = $1 AND c.line = 'psychiatry' AND c.created_at >= $2 AND c.created_at < $3`,
    [programId, start, end],
  );
  const patients = await db.query<{
    id: string;
    birthDate: string;
    language: string;
  }>(
    `SELECT p.id, to_char(p.birth_date, 'YYYY-MM-DD') AS "birthDate", p.preferred_language AS language
       FROM patients p
      WHERE p.id IN (SELECT patient_id FROM consults
                      WHERE program_id = $1 AND line = 'psychiatry' AND created_at >= $2 AND created_at < $3)`,
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
    consults: (JSON.parse(consults.rows[0]!.rows) as ConsultTuple[]).map(
      (r) => ({
        id: r[0],
        practiceId: r[1],
        providerId: r[2],
        patientId: r[3],
        consultType: r[4],
        reasonCategories: r[5],
        urgency: r[6],
        status: r[7],
        disposition: r[8],
        diagnosisCategories: r[9],
        createdAtMs: r[10],
        callbackAtMs: r[11],
        interpreterUsed: r[12],
      }),
    ),
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
