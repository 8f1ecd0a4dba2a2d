import type { Queryable } from '../db/database';
import type { Visit } from './visit';
import type { VisitStatus } from './visit-status';

/**
 * SQL for visits themselves. No rules here. Their participants, invites,
 * visitor sessions, device checks and consents each have a repository of
 * their own beside this one.
 */
const VISIT = `v.id, v.consult_id AS "consultId", v.program_id AS "programId", v.patient_id AS "patientId", v.created_by AS "createdBy",
  v.scheduled_at AS "scheduledAt", v.status, v.phone_code AS "phoneCode", v.conference_name AS "conferenceName",
  v.created_at AS "createdAt", v.ended_at AS "endedAt"`;

export async function insertVisit(
  db: Queryable,
  v: Pick<
    Visit,
    | 'consultId'
    | 'programId'
    | 'patientId'
    | 'createdBy'
    | 'scheduledAt'
    | 'phoneCode'
    | 'conferenceName'
  > & { now: Date },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO visits (consult_id, program_id, patient_id, created_by, scheduled_at, status, phone_code, conference_name, created_at)
     VALUES ($1, $2, $3, $4, $5, 'scheduled', $6, $7, $8) RETURNING id`,
    [
      v.consultId,
      v.programId,
      v.patientId,
      v.createdBy,
      v.scheduledAt,
      v.phoneCode,
      v.conferenceName,
      v.now,
    ],
  );
  return rows[0]!.id;
}

export async function findVisit(
  db: Queryable,
  id: string,
  lock = false,
): Promise<Visit | null> {
  const { rows } = await db.query<Visit>(
    `SELECT ${VISIT} FROM visits v WHERE v.id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

export async function findLiveVisitBy(
  db: Queryable,
  column: 'phone_code' | 'conference_name',
  value: string,
): Promise<Visit | null> {
  const { rows } = await db.query<Visit>(
    `SELECT ${VISIT} FROM visits v WHERE v.${column} = $1 AND v.status IN ('scheduled', 'in_progress')`,
    [value],
  );
  return rows[0] ?? null;
}

export async function findVisitByConference(
  db: Queryable,
  conferenceName: string,
): Promise<Visit | null> {
  const { rows } = await db.query<Visit>(
    `SELECT ${VISIT} FROM visits v WHERE v.conference_name = $1`,
    [conferenceName],
  );
  return rows[0] ?? null;
}

export async function listVisitsOfConsult(
  db: Queryable,
  consultId: string,
): Promise<Visit[]> {
  const { rows } = await db.query<Visit>(
    `SELECT ${VISIT} FROM visits v WHERE v.consult_id = $1 ORDER BY v.created_at DESC LIMIT 100`,
    [consultId],
  );
  return rows;
}

export async function setVisitStatus(
  db: Queryable,
  id: string,
  status: VisitStatus,
  now: Date,
  by: string | null,
): Promise<void> {
  const ending = status === 'ended' || status === 'cancelled';
  await db.query(
    `UPDATE visits SET status = $2, ended_at = CASE WHEN $3 THEN $4::timestamptz ELSE ended_at END, ended_by = CASE WHEN $3 THEN $5::uuid ELSE ended_by END WHERE id = $1`,
    [id, status, ending, now, by],
  );
}
