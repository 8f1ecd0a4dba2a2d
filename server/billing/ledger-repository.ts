import type { Queryable } from '../db/database';
import type { Activity, TimeRole } from './billing-facts';

/** A manual time-ledger row as stored (append-only). */
export interface LedgerEntry {
  id: string;
  patientId: string;
  consultId: string | null;
  clinicianId: string;
  role: TimeRole;
  activity: Activity;
  startedAt: Date;
  endedAt: Date | null;
  minutes: number | null;
  supersedes: string | null;
  voids: boolean;
  reason: string | null;
  enteredBy: string;
  enteredAt: Date;
  /** The correction that replaced this row, if any. */
  supersededBy: string | null;
}

/** A row to append: a correction also names what it supersedes, whether it voids, and why. */
export type NewLedgerEntry = Omit<
  LedgerEntry,
  'id' | 'supersedes' | 'voids' | 'reason' | 'enteredAt' | 'supersededBy'
> &
  Partial<Pick<LedgerEntry, 'supersedes' | 'voids' | 'reason'>>;

const COLUMNS = `e.id, e.patient_id AS "patientId", e.consult_id AS "consultId", e.clinician_id AS "clinicianId", e.time_role AS "role", e.activity,
  e.started_at AS "startedAt", e.ended_at AS "endedAt", e.minutes, e.supersedes, e.voids, e.reason, e.entered_by AS "enteredBy", e.entered_at AS "enteredAt",
  (SELECT s.id FROM time_ledger_entries s WHERE s.supersedes = e.id) AS "supersededBy"`;

export async function insertLedgerEntry(
  db: Queryable,
  e: NewLedgerEntry,
  now: Date,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO time_ledger_entries (patient_id, consult_id, clinician_id, time_role, activity, started_at, ended_at, minutes, supersedes, voids, reason, entered_by, entered_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [
      e.patientId,
      e.consultId,
      e.clinicianId,
      e.role,
      e.activity,
      e.startedAt,
      e.endedAt,
      e.minutes,
      e.supersedes ?? null,
      e.voids ?? false,
      e.reason ?? null,
      e.enteredBy,
      now,
    ],
  );
  return rows[0]!.id;
}

export async function findLedgerEntry(
  db: Queryable,
  id: string,
): Promise<LedgerEntry | null> {
  const { rows } = await db.query<LedgerEntry>(
    `SELECT ${COLUMNS} FROM time_ledger_entries e WHERE e.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function listConsultLedger(
  db: Queryable,
  consultId: string,
): Promise<LedgerEntry[]> {
  const { rows } = await db.query<LedgerEntry>(
    `SELECT ${COLUMNS} FROM time_ledger_entries e WHERE e.consult_id = $1 ORDER BY e.entered_at, e.started_at, e.id`,
    [consultId],
  );
  return rows;
}

export async function listCareLedger(
  db: Queryable,
  patientId: string,
  from: Date,
  to: Date,
): Promise<LedgerEntry[]> {
  const { rows } = await db.query<LedgerEntry>(
    `SELECT ${COLUMNS} FROM time_ledger_entries e WHERE e.patient_id = $1 AND e.activity = 'care_management' AND e.started_at < $3 AND coalesce(e.ended_at, e.started_at) >= $2
      ORDER BY e.started_at, e.id`,
    [patientId, from, to],
  );
  return rows;
}

export const ledgerEntryToJson = (e: LedgerEntry) => ({
  ...e,
  startedAt: e.startedAt.toISOString(),
  endedAt: e.endedAt?.toISOString() ?? null,
  enteredAt: e.enteredAt.toISOString(),
});
