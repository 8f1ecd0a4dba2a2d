import type { Queryable } from '../../server/db/database';
import {
  acceptedConsult,
  userIdByEmail,
  type ConsultFixture,
} from './consult-fixtures';

/**
 * Billing scenarios set up through the database seams: a consult requested at
 * a given time, and calls whose call_events say who was connected when.
 */
export interface BillingConsult extends ConsultFixture {
  programId: string;
}

export async function billingConsult(
  db: Queryable,
  o: {
    requestedAt: Date;
    status?: 'accepted' | 'wrap_up' | 'completed';
    patientId?: string;
  },
): Promise<BillingConsult> {
  const c = await acceptedConsult(db, { status: o.status ?? 'wrap_up' });
  await db.query(
    `UPDATE consults SET created_at = $2, patient_id = coalesce($3, patient_id) WHERE id = $1`,
    [c.consultId, o.requestedAt, o.patientId ?? null],
  );
  const { rows } = await db.query<{ programId: string; patientId: string }>(
    `SELECT program_id AS "programId", patient_id AS "patientId" FROM consults WHERE id = $1`,
    [c.consultId],
  );
  return { ...c, ...rows[0]! };
}

/** A WebRTC call in which the PCP and the psychiatrist are both connected for `minutes` from `start`. */
export async function insertCall(
  db: Queryable,
  c: ConsultFixture,
  start: Date,
  minutes: number,
): Promise<string> {
  const end = new Date(start.getTime() + minutes * 60_000);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO calls (consult_id, status, opened_at, ended_at) VALUES ($1, 'ended', $2, $3) RETURNING id`,
    [c.consultId, start, end],
  );
  const callId = rows[0]!.id;
  const ev = (
    at: Date,
    type: string,
    userId: string | null,
    role: string | null,
  ) =>
    db.query(
      `INSERT INTO call_events (call_id, consult_id, at, type, participant_id, user_id, participant_role, source) VALUES ($1, $2, $3, $4, $5, $6, $7, 'signaling')`,
      [callId, c.consultId, at, type, userId, userId, role],
    );
  await ev(start, 'participant_joined', c.pcpId, 'pcp');
  await ev(start, 'participant_joined', c.psychiatristId, 'psychiatrist');
  await ev(start, 'media_connected', c.psychiatristId, 'psychiatrist');
  await ev(end, 'participant_left', c.pcpId, 'pcp');
  await ev(end, 'call_ended', null, null);
  return callId;
}

/** A signed report written straight into the table (report routes have their own tests). */
export async function signedReport(
  db: Queryable,
  c: ConsultFixture,
  signedAt: Date,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO consult_reports (consult_id, author_id, question, assessment, recommendations, verbal_discussion, status, signed_at, signed_by, created_at, updated_at)
     VALUES ($1, $2, 'Q', 'A', 'R', true, 'signed', $3, $2, $3, $3) RETURNING id`,
    [c.consultId, c.psychiatristId, signedAt],
  );
  return rows[0]!.id;
}

export { userIdByEmail };
