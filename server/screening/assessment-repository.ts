import type { Queryable } from '../db/database';
import type { Statement } from '../db/statement';
import type { Assessment } from './assessment';
import type { InvalidAssessment, ScoredAssessment } from './score-assessment';
import type { Respondent } from './instrument';

/**
 * SQL for the append-only assessments table (070_assessments.sql). There is
 * no UPDATE or DELETE here, and the table's trigger refuses both: a
 * correction is a new row naming the one it supersedes.
 */

const COLUMNS = `a.id, a.patient_id AS "patientId", a.instrument,
  a.instrument_version AS "version", a.answered_by AS "answeredBy",
  a.entered_by AS "enteredBy", a.ordered_by AS "orderedBy",
  a.answered_at AS "answeredAt", a.recorded_at AS "recordedAt",
  a.age_years AS "ageYears", a.age_override_reason AS "ageOverrideReason",
  a.answers, a.item_values AS "itemValues", a.status, a.total,
  a.band_id AS "bandId", a.band_label AS "bandLabel", a.subscales,
  a.positive_screens AS "positiveScreens", a.flags,
  a.invalid_reason AS "invalidReason", a.supersedes,
  (SELECT s.id FROM assessments s WHERE s.supersedes = a.id) AS "supersededBy",
  a.correction_reason AS "correctionReason"`;

export interface AssessmentRow {
  id: string;
  patientId: string;
  answeredBy: Respondent;
  enteredBy: string | null;
  orderedBy: string;
  answeredAt: Date;
  recordedAt: Date;
  ageYears: number;
  answers: readonly (number | null)[];
  result: ScoredAssessment | InvalidAssessment;
  supersedes: string | null;
  correctionReason: string | null;
}

export function assessmentInsert(r: AssessmentRow): Statement {
  const s = r.result;
  const scored = s.status === 'scored' ? s : null;
  return {
    sql: `INSERT INTO assessments (id, patient_id, instrument,
        instrument_version, answered_by, entered_by, ordered_by, answered_at,
        recorded_at, age_years, age_override_reason, answers, item_values,
        status, total, band_id, band_label, subscales, positive_screens,
        flags, invalid_reason, supersedes, correction_reason)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
        $15, $16, $17, $18, $19, $20, $21, $22, $23) RETURNING id`,
    params: [
      r.id,
      r.patientId,
      s.instrumentId,
      s.version,
      r.answeredBy,
      r.enteredBy,
      r.orderedBy,
      r.answeredAt,
      r.recordedAt,
      r.ageYears,
      s.ageOverride?.reason ?? null,
      JSON.stringify(r.answers),
      JSON.stringify(s.itemValues),
      s.status,
      scored?.total ?? null,
      scored?.band.id ?? null,
      scored?.band.label ?? null,
      JSON.stringify(scored?.subscales ?? []),
      JSON.stringify(scored?.positiveScreens ?? []),
      JSON.stringify(s.flags),
      s.status === 'invalid' ? s.reason : null,
      r.supersedes,
      r.correctionReason,
    ],
  };
}

export async function findAssessment(
  db: Queryable,
  id: string,
): Promise<Assessment | null> {
  const { rows } = await db.query<Assessment>(
    `SELECT ${COLUMNS} FROM assessments a WHERE a.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** Every assessment of a patient, corrected ones too (they carry
 * `supersededBy`), newest answered first. */
export async function listForPatient(
  db: Queryable,
  patientId: string,
): Promise<Assessment[]> {
  const { rows } = await db.query<Assessment>(
    `SELECT ${COLUMNS} FROM assessments a WHERE a.patient_id = $1
      ORDER BY a.answered_at DESC, a.recorded_at DESC LIMIT 1000`,
    [patientId],
  );
  return rows;
}

/**
 * The newest current (not corrected) assessment of each patient per
 * instrument, or of one instrument: the registry and the consult form read
 * this for many patients in one query.
 */
export async function latestForPatients(
  db: Queryable,
  patientIds: readonly string[],
  instrument?: string,
): Promise<Assessment[]> {
  if (patientIds.length === 0) return [];
  const { rows } = await db.query<Assessment>(
    `SELECT * FROM (
       SELECT DISTINCT ON (a.patient_id, a.instrument) ${COLUMNS}
         FROM assessments a
        WHERE a.patient_id = ANY($1::uuid[])
          AND ($2::text IS NULL OR a.instrument = $2)
          AND NOT EXISTS (SELECT 1 FROM assessments s WHERE s.supersedes = a.id)
        ORDER BY a.patient_id, a.instrument, a.answered_at DESC,
          a.recorded_at DESC
     ) latest ORDER BY "answeredAt" DESC`,
    [patientIds, instrument ?? null],
  );
  return rows;
}
