import type { Queryable } from '../db/database';
import type { Statement } from '../db/statement';
import type {
  EnrollBody,
  EndReason,
  RegistryEpisode,
} from './registry-episode';

/** SQL for registry episodes: the care team an enrollment names. */

export const EPISODE_COLUMNS = `r.enrollment_id AS "enrollmentId", e.kind,
  r.program_id AS "programId", r.practice_id AS "practiceId",
  r.patient_id AS "patientId", r.pcp_id AS "pcpId",
  r.care_manager_id AS "careManagerId", r.consultant_id AS "consultantId",
  r.instrument, to_char(r.started_on, 'YYYY-MM-DD') AS "startedOn",
  to_char(r.ended_on, 'YYYY-MM-DD') AS "endedOn", r.end_reason AS "endReason"`;

/** The patient's open episode, else their latest one. */
export async function latestEpisode(
  db: Queryable,
  patientId: string,
): Promise<RegistryEpisode | null> {
  const { rows } = await db.query<RegistryEpisode>(
    `SELECT ${EPISODE_COLUMNS}
       FROM registry_enrollments r
       JOIN care_enrollments e ON e.id = r.enrollment_id
      WHERE r.patient_id = $1
      ORDER BY r.ended_on IS NULL DESC, r.started_on DESC LIMIT 1`,
    [patientId],
  );
  return rows[0] ?? null;
}

/** The care enrollment the billing engine reads, then its registry row. */
export function episodeInserts(
  enrollmentId: string,
  b: EnrollBody & { programId: string; practiceId: string },
  recordedBy: string,
  now: Date,
): Statement[] {
  return [
    {
      sql: `INSERT INTO care_enrollments (id, patient_id, kind, start_date, billing_clinician_id, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      params: [
        enrollmentId,
        b.patientId,
        b.kind,
        b.startDate,
        b.pcpId,
        recordedBy,
        now,
      ],
    },
    {
      sql: `INSERT INTO registry_enrollments (enrollment_id, program_id, practice_id, patient_id, pcp_id, care_manager_id, consultant_id, instrument, started_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING enrollment_id AS id`,
      params: [
        enrollmentId,
        b.programId,
        b.practiceId,
        b.patientId,
        b.pcpId,
        b.careManagerId,
        b.consultantId,
        b.instrument,
        b.startDate,
      ],
    },
  ];
}

/** Closes the registry row (only if still open); the enrollment ends with it. */
export function episodeEnd(
  enrollmentId: string,
  endDate: string,
  reason: EndReason,
): Statement {
  return {
    sql: `UPDATE registry_enrollments SET ended_on = $2, end_reason = $3 WHERE enrollment_id = $1 AND ended_on IS NULL RETURNING enrollment_id AS id`,
    params: [enrollmentId, endDate, reason],
  };
}
