import type { Queryable } from '../db/database';
import type { WarmHandoff } from './handoff';

/** SQL of warm handoffs. Each moment is written once (conditional updates). */

const COLUMNS = `id, consult_id AS "consultId", program_id AS "programId", practice_id AS "practiceId",
  patient_id AS "patientId", requested_by AS "requestedBy", requested_at AS "requestedAt", due_at AS "dueAt",
  answered_at AS "answeredAt", answered_by AS "answeredBy", joined_at AS "joinedAt", ended_at AS "endedAt",
  fell_back_at AS "fellBackAt", alert_id AS "alertId"`;

export async function insertHandoff(
  q: Queryable,
  h: Omit<
    WarmHandoff,
    'id' | 'answeredAt' | 'answeredBy' | 'joinedAt' | 'endedAt' | 'fellBackAt'
  >,
): Promise<WarmHandoff> {
  const { rows } = await q.query<WarmHandoff>(
    `INSERT INTO warm_handoffs (consult_id, program_id, practice_id, patient_id, requested_by, requested_at, due_at, alert_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (consult_id) DO UPDATE SET consult_id = EXCLUDED.consult_id
     RETURNING ${COLUMNS}`,
    [
      h.consultId,
      h.programId,
      h.practiceId,
      h.patientId,
      h.requestedBy,
      h.requestedAt,
      h.dueAt,
      h.alertId,
    ],
  );
  return rows[0]!;
}

export async function findHandoff(
  q: Queryable,
  by: { id?: string; consultId?: string },
): Promise<WarmHandoff | null> {
  const { rows } = await q.query<WarmHandoff>(
    `SELECT ${COLUMNS} FROM warm_handoffs
      WHERE ($1::uuid IS NULL OR id = $1) AND ($2::uuid IS NULL OR consult_id = $2)
      LIMIT 1`,
    [by.id ?? null, by.consultId ?? null],
  );
  return rows[0] ?? null;
}

type Moment = 'answered' | 'joined' | 'ended';

/** Stamps a moment once; null when it was already stamped (or fell back). */
export async function stampHandoff(
  q: Queryable,
  consultId: string,
  moment: Moment,
  at: Date,
  by: string | null = null,
): Promise<WarmHandoff | null> {
  const answered = moment === 'answered';
  const set = answered
    ? 'answered_at = $2, answered_by = $3'
    : `${moment}_at = $2`;
  const { rows } = await q.query<WarmHandoff>(
    `UPDATE warm_handoffs SET ${set}
      WHERE consult_id = $1 AND ${moment}_at IS NULL AND fell_back_at IS NULL
      RETURNING ${COLUMNS}`,
    answered ? [consultId, at, by] : [consultId, at],
  );
  return rows[0] ?? null;
}

/** Handoffs past their target with nobody answering: ids for the sweep. */
export async function overdueHandoffIds(
  q: Queryable,
  now: Date,
): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT id FROM warm_handoffs
      WHERE answered_at IS NULL AND fell_back_at IS NULL AND ended_at IS NULL AND due_at <= $1
      ORDER BY due_at LIMIT 100`,
    [now],
  );
  return rows.map((r) => r.id);
}

/** Claims the fallback once, whatever instance sweeps; null if answered or taken. */
export async function markFellBack(
  q: Queryable,
  id: string,
  now: Date,
): Promise<WarmHandoff | null> {
  const { rows } = await q.query<WarmHandoff>(
    `UPDATE warm_handoffs SET fell_back_at = $2
      WHERE id = $1 AND answered_at IS NULL AND fell_back_at IS NULL AND ended_at IS NULL
      RETURNING ${COLUMNS}`,
    [id, now],
  );
  return rows[0] ?? null;
}

export async function displayNameOf(
  q: Queryable,
  userId: string,
): Promise<string> {
  const { rows } = await q.query<{ name: string }>(
    'SELECT display_name AS name FROM users WHERE id = $1',
    [userId],
  );
  return rows[0]?.name ?? '';
}
