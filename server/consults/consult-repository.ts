import type { ConsultAccessFacts } from '../auth/access-policy';
import type { Queryable } from '../db/database';
import type { Statement } from '../db/statement';
import type { Consult, ConsultRequest, ConsultStatus } from './consult';

export const CONSULT_COLUMNS = `c.id, c.program_id AS "programId", c.practice_id AS "practiceId", c.patient_id AS "patientId",
  c.requested_by AS "requestedBy", c.assigned_psychiatrist_id AS "assignedPsychiatristId", c.status,
  c.consult_type AS "consultType", c.contact_mode AS "contactMode", c.reason_categories AS "reasonCategories",
  c.clinical_question AS "clinicalQuestion", c.urgency, c.urgency_reason AS "urgencyReason", c.emergency, c.specialty,
  c.language, c.callback_method AS "callbackMethod", c.callback_phone AS "callbackPhone", c.screening, c.assessment_id AS "assessmentId",
  c.queued_at AS "queuedAt", c.front_of_line AS "frontOfLine", c.escalation_level AS "escalationLevel",
  c.sla_breached_at AS "slaBreachedAt", c.accepted_at AS "acceptedAt", c.call_started_at AS "callStartedAt",
  c.completed_at AS "completedAt", c.resolution, c.created_at AS "createdAt", c.updated_at AS "updatedAt"`;

export async function findConsult(
  db: Queryable,
  id: string,
  lock = false,
): Promise<Consult | null> {
  const { rows } = await db.query<Consult>(
    `SELECT ${CONSULT_COLUMNS} FROM consults c WHERE c.id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

export async function findByIdempotencyKey(
  db: Queryable,
  requestedBy: string,
  key: string,
): Promise<Consult | null> {
  const { rows } = await db.query<Consult>(
    `SELECT ${CONSULT_COLUMNS} FROM consults c WHERE c.requested_by = $1 AND c.idempotency_key = $2`,
    [requestedBy, key],
  );
  return rows[0] ?? null;
}

export interface NewConsultRow {
  /** Made by the caller, so the consult's log and audit rows can be written with it. */
  id: string;
  programId: string;
  practiceId: string;
  patientId: string;
  requestedBy: string;
  request: ConsultRequest;
  urgency: Consult['urgency'];
  urgencyReason: Consult['urgencyReason'];
  createdAt: Date;
  /** The first step after `requested`. */
  status: 'triage' | 'queued';
}

/** The unique index a repeated idempotency key runs into. */
export const IDEMPOTENCY_INDEX = 'consults_idempotency';

/**
 * A consult inserted already in the status of its first step, returning it.
 * A reused idempotency key fails the statement (unique violation on
 * IDEMPOTENCY_INDEX), and with it whatever was sent along.
 */
export function consultInsert(n: NewConsultRow): Statement {
  const r = n.request;
  return {
    sql: `INSERT INTO consults AS c (id, program_id, practice_id, patient_id, requested_by, status, consult_type, contact_mode, reason_categories,
        clinical_question, urgency, urgency_reason, emergency, specialty, language, callback_method, callback_phone, assessment_id,
        idempotency_key, created_at, updated_at, queued_at)
     VALUES ($20, $1, $2, $3, $4, $19, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::uuid, $17, $18, $18,
             CASE WHEN $19 = 'queued' THEN $18::timestamptz END)
     RETURNING ${CONSULT_COLUMNS}`,
    params: [
      n.programId,
      n.practiceId,
      n.patientId,
      n.requestedBy,
      r.consultType,
      r.contactMode,
      r.reasonCategories,
      r.clinicalQuestion,
      n.urgency,
      n.urgencyReason,
      r.emergency,
      r.specialty,
      r.language,
      r.callback.method,
      r.callback.method === 'phone' ? r.callback.phone : null,
      r.assessmentId ?? null,
      r.idempotencyKey ?? null,
      n.createdAt,
      n.status,
      n.id,
    ],
  };
}

/** The access policy's view of a consult: who may read it. */
export async function consultFacts(
  db: Queryable,
  c: Consult,
): Promise<ConsultAccessFacts> {
  const { rows } = await db.query<{ psychiatristId: string }>(
    'SELECT DISTINCT psychiatrist_id AS "psychiatristId" FROM consult_offers WHERE consult_id = $1',
    [c.id],
  );
  return {
    programId: c.programId,
    practiceId: c.practiceId,
    requestedBy: c.requestedBy,
    assignedPsychiatristId: c.assignedPsychiatristId,
    offeredTo: rows.map((r) => r.psychiatristId),
  };
}

export interface ConsultScope {
  programId: string;
  practiceId?: string | null;
  /** A psychiatrist sees consults assigned or offered to them. */
  psychiatristId?: string | null;
  statuses?: readonly ConsultStatus[] | null;
  limit?: number;
}

export async function listConsults(
  db: Queryable,
  s: ConsultScope,
): Promise<Consult[]> {
  const { rows } = await db.query<Consult>(
    `SELECT ${CONSULT_COLUMNS} FROM consults c
      WHERE c.program_id = $1
        AND ($2::uuid IS NULL OR c.practice_id = $2)
        AND ($3::uuid IS NULL OR c.assigned_psychiatrist_id = $3
             OR EXISTS (SELECT 1 FROM consult_offers o WHERE o.consult_id = c.id AND o.psychiatrist_id = $3))
        AND ($4::text[] IS NULL OR c.status = ANY($4::text[]))
      ORDER BY c.created_at DESC LIMIT $5`,
    [
      s.programId,
      s.practiceId ?? null,
      s.psychiatristId ?? null,
      s.statuses ? [...s.statuses] : null,
      s.limit ?? 200,
    ],
  );
  return rows;
}

export interface TransitionRow {
  from: ConsultStatus | null;
  to: ConsultStatus;
  at: Date;
  actorUserId: string | null;
  actorRole: string;
  reason: string;
}

export async function listTransitions(
  db: Queryable,
  consultId: string,
): Promise<TransitionRow[]> {
  const { rows } = await db.query<TransitionRow>(
    `SELECT from_status AS "from", to_status AS "to", at, actor_user_id AS "actorUserId", actor_role AS "actorRole", reason
       FROM consult_transitions WHERE consult_id = $1 ORDER BY id`,
    [consultId],
  );
  return rows;
}
