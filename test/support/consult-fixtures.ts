import type { Queryable } from '../../server/db/database';

/**
 * Consults in a callable state, inserted with SQL so call tests do not depend
 * on the queue's API. The demo program's users are looked up by email.
 */
export interface ConsultFixture {
  consultId: string;
  patientId: string;
  pcpId: string;
  psychiatristId: string;
}

export async function userIdByEmail(
  db: Queryable,
  email: string,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM users WHERE lower(email) = lower($1)',
    [email],
  );
  if (!rows[0]) throw new Error(`no user ${email}`);
  return rows[0].id;
}

/** An accepted consult requested by `pcp`, assigned to `psychiatrist` (demo emails by default). */
export async function acceptedConsult(
  db: Queryable,
  o: {
    pcp?: string;
    psychiatrist?: string;
    status?: 'accepted' | 'in_call' | 'wrap_up' | 'completed';
  } = {},
): Promise<ConsultFixture> {
  const pcpId = await userIdByEmail(db, o.pcp ?? 'pcp@demo.test');
  const psychiatristId = await userIdByEmail(
    db,
    o.psychiatrist ?? 'psych.child@demo.test',
  );
  const { rows: who } = await db.query<{
    programId: string;
    practiceId: string;
  }>(
    'SELECT program_id AS "programId", practice_id AS "practiceId" FROM users WHERE id = $1',
    [pcpId],
  );
  const { programId, practiceId } = who[0]!;
  const { rows: pats } = await db.query<{ id: string }>(
    'SELECT id FROM patients WHERE practice_id = $1 ORDER BY created_at, id LIMIT 1',
    [practiceId],
  );
  const patientId = pats[0]!.id;
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO consults (program_id, practice_id, patient_id, requested_by, assigned_psychiatrist_id, status,
        consult_type, reason_categories, clinical_question, urgency, specialty, callback_method, accepted_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'clinician_consult', '{medication}', 'Test question', 'routine', 'child_adolescent', 'video', now())
     RETURNING id`,
    [
      programId,
      practiceId,
      patientId,
      pcpId,
      psychiatristId,
      o.status ?? 'accepted',
    ],
  );
  return { consultId: rows[0]!.id, patientId, pcpId, psychiatristId };
}

/** The consult's call ledger, oldest first: what billing reads. */
export async function ledgerOf(
  db: Queryable,
  callId: string,
): Promise<
  {
    type: string;
    participantId: string | null;
    role: string | null;
    at: Date;
    details: Record<string, unknown> | null;
  }[]
> {
  const { rows } = await db.query<{
    type: string;
    participantId: string | null;
    role: string | null;
    at: Date;
    details: Record<string, unknown> | null;
  }>(
    `SELECT type, participant_id AS "participantId", participant_role AS role, at, details FROM call_events WHERE call_id = $1 ORDER BY at, id`,
    [callId],
  );
  return rows;
}
