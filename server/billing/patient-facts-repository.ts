import type { Queryable } from '../db/database';
import type { Statement } from '../db/statement';

/**
 * SQL for the facts about a patient that only the care team knows and the
 * billing rules need: encounters, care enrollments, payer coverage.
 */

const iso = (rows: Record<string, unknown>[]) =>
  rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [
        k,
        v instanceof Date ? v.toISOString() : v,
      ]),
    ),
  );

export async function patientFactRows(db: Queryable, patientId: string) {
  const encounters = await db.query(
    `SELECT id, clinician_id AS "clinicianId", kind, to_char(occurred_on, 'YYYY-MM-DD') AS "occurredOn", consult_id AS "consultId", recorded_by AS "recordedBy", recorded_at AS "recordedAt" FROM patient_encounters WHERE patient_id = $1 ORDER BY occurred_on DESC, id`,
    [patientId],
  );
  const enrollments = await db.query(
    `SELECT id, kind, to_char(start_date, 'YYYY-MM-DD') AS "startDate", to_char(end_date, 'YYYY-MM-DD') AS "endDate", billing_clinician_id AS "billingClinicianId", recorded_by AS "recordedBy" FROM care_enrollments WHERE patient_id = $1 ORDER BY start_date DESC, id`,
    [patientId],
  );
  const coverages = await db.query(
    `SELECT id, payer, to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", to_char(end_date, 'YYYY-MM-DD') AS "endDate", recorded_by AS "recordedBy", recorded_at AS "recordedAt" FROM patient_coverages WHERE patient_id = $1 ORDER BY effective_from DESC, recorded_at DESC`,
    [patientId],
  );
  return {
    encounters: iso(encounters.rows),
    enrollments: iso(enrollments.rows),
    coverages: iso(coverages.rows),
  };
}

/** A fact's insert (or update) that returns the row's id. */
export type FactStatement = Statement;

export const encounterInsert = (f: {
  patientId: string;
  clinicianId: string;
  kind: string;
  occurredOn: string;
  consultId: string | null;
  recordedBy: string;
  now: Date;
}): FactStatement => ({
  sql: `INSERT INTO patient_encounters (patient_id, clinician_id, kind, occurred_on, consult_id, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
  params: [
    f.patientId,
    f.clinicianId,
    f.kind,
    f.occurredOn,
    f.consultId,
    f.recordedBy,
    f.now,
  ],
});

export const enrollmentInsert = (f: {
  patientId: string;
  kind: string;
  startDate: string;
  billingClinicianId: string;
  recordedBy: string;
  now: Date;
}): FactStatement => ({
  sql: `INSERT INTO care_enrollments (patient_id, kind, start_date, billing_clinician_id, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
  params: [
    f.patientId,
    f.kind,
    f.startDate,
    f.billingClinicianId,
    f.recordedBy,
    f.now,
  ],
});

export const enrollmentEnd = (
  enrollmentId: string,
  endDate: string,
  endedBy: string,
): FactStatement => ({
  sql: `UPDATE care_enrollments SET end_date = $2, ended_by = $3 WHERE id = $1 RETURNING id`,
  params: [enrollmentId, endDate, endedBy],
});

export const coverageInsert = (f: {
  patientId: string;
  payer: string;
  effectiveFrom: string;
  recordedBy: string;
  now: Date;
}): FactStatement => ({
  sql: `INSERT INTO patient_coverages (patient_id, payer, effective_from, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
  params: [f.patientId, f.payer, f.effectiveFrom, f.recordedBy, f.now],
});

export async function hasOpenEnrollment(
  db: Queryable,
  patientId: string,
  kind: string,
): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM care_enrollments WHERE patient_id = $1 AND kind = $2 AND end_date IS NULL`,
    [patientId, kind],
  );
  return rows.length > 0;
}

export async function findEnrollment(
  db: Queryable,
  patientId: string,
  enrollmentId: string,
): Promise<{ startDate: string; endDate: string | null } | null> {
  const { rows } = await db.query<{
    startDate: string;
    endDate: string | null;
  }>(
    `SELECT to_char(start_date, 'YYYY-MM-DD') AS "startDate", to_char(end_date, 'YYYY-MM-DD') AS "endDate" FROM care_enrollments WHERE id = $1 AND patient_id = $2`,
    [enrollmentId, patientId],
  );
  return rows[0] ?? null;
}

export const coverageEnd = (
  coverageId: string,
  endDate: string,
  endedBy: string,
): FactStatement => ({
  sql: `UPDATE patient_coverages SET end_date = $2, ended_by = $3 WHERE id = $1 AND end_date IS NULL RETURNING id`,
  params: [coverageId, endDate, endedBy],
});

export async function findCoverage(
  db: Queryable,
  patientId: string,
  coverageId: string,
): Promise<{ effectiveFrom: string; endDate: string | null } | null> {
  const { rows } = await db.query<{
    effectiveFrom: string;
    endDate: string | null;
  }>(
    `SELECT to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", to_char(end_date, 'YYYY-MM-DD') AS "endDate" FROM patient_coverages WHERE id = $1 AND patient_id = $2`,
    [coverageId, patientId],
  );
  return rows[0] ?? null;
}
