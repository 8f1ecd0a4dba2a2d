import type { ConsultAccessFacts } from '../auth/access-policy';
import type { Queryable } from '../db/database';
import type { Statement } from '../db/statement';
import type { Consult, ConsultRequest, ConsultStatus } from './consult';

export const CONSULT_COLUMNS = `c.id, c.program_id AS "programId", c.practice_id AS "practiceId", c.patient_id AS "patientId",
  c.requested_by AS "requestedBy", c.assigned_psychiatrist_id AS "assignedPsychiatristId", c.status,
  CASE WHEN c.line = 'behavioral_health' THEN 'warm_handoff' ELSE c.consult_type END AS "consultType", c.contact_mode AS "contactMode", c.reason_categories AS "reasonCategories",
  c.clinical_question AS "clinicalQuestion", c.urgency, c.urgency_reason AS "urgencyReason", c.emergency, c.specialty,
  c.language, c.callback_method AS "callbackMethod", c.callback_phone AS "callbackPhone", c.screening, c.assessment_id AS "assessmentId",
  c.queued_at AS "queuedAt", c.front_of_line AS "frontOfLine", c.escalation_level AS "escalationLevel",
  c.sla_breached_at AS "slaBreachedAt", c.accepted_at AS "acceptedAt", c.call_started_at AS "callStartedAt",
  c.completed_at AS "completedAt", c.resolution,
  c.named_psychiatrist_id AS "namedPsychiatristId", c.reply_paused_seconds AS "replyPausedSeconds",
  c.awaiting_pcp_since AS "awaitingPcpSince", c.reply_overdue_at AS "replyOverdueAt",
  c.converted_from AS "convertedFrom", c.created_at AS "createdAt", c.updated_at AS "updatedAt"`;

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
  status: 'triage' | 'queued' | 'pooled';
  /** The eConsult this live consult was converted from. */
  convertedFrom?: string | null;
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
        idempotency_key, created_at, updated_at, queued_at, named_psychiatrist_id, converted_from, line)
     VALUES ($20, $1, $2, $3, $4, $19, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::uuid, $17, $18, $18,
             CASE WHEN $19 IN ('queued', 'pooled') THEN $18::timestamptz END, $21::uuid, $22::uuid, $23)
     RETURNING ${CONSULT_COLUMNS}`,
    params: [
      n.programId,
      n.practiceId,
      n.patientId,
      n.requestedBy,
      // A warm handoff is stored as a clinician consult on the BH line.
      r.consultType === 'warm_handoff' ? 'clinician_consult' : r.consultType,
      r.contactMode,
      r.reasonCategories,
      r.clinicalQuestion,
      n.urgency,
      n.urgencyReason,
      r.emergency,
      r.specialty,
      r.language,
      r.callback.method,
      r.callback.phone ?? null,
      r.assessmentId ?? null,
      r.idempotencyKey ?? null,
      n.createdAt,
      n.status,
      n.id,
      r.namedPsychiatristId ?? null,
      n.convertedFrom ?? null,
      r.consultType === 'warm_handoff' ? 'behavioral_health' : 'psychiatry',
    ],
  };
}

/**
 * Who may claim a pooled eConsult `c` (patient `pa`, program `pr`): a
 * psychiatrist `u` of the program, licensed in the patient's state (the law,
 * never relaxed), with the specialty and the language (unless the program
 * allows an interpreter), and the named one when the PCP named one. The same
 * rules as the live line's `eligibility` (server/queue/routing.ts), in SQL so
 * the claim's conditional UPDATE, the pool list and the access facts share it.
 */
export const POOL_ELIGIBLE = `u.role = 'psychiatrist' AND u.active
  AND u.program_id = c.program_id AND c.consult_type = 'econsult'
  AND pa.state::text = ANY(u.licensed_states)
  AND c.specialty = ANY(u.specialties)
  AND (c.language = ANY(u.languages)
       OR COALESCE((pr.settings->>'interpreterAllowed')::boolean, true))
  AND (c.named_psychiatrist_id IS NULL OR c.named_psychiatrist_id = u.id)`;

/** Whether `psychiatristId` was assigned an earlier consult of the patient. */
export async function sawPatientBefore(
  db: Queryable,
  patientId: string,
  psychiatristId: string,
): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM consults c JOIN users u ON u.id = c.assigned_psychiatrist_id
      WHERE c.patient_id = $1 AND c.assigned_psychiatrist_id = $2
        AND u.role = 'psychiatrist' AND u.active LIMIT 1`,
    [patientId, psychiatristId],
  );
  return rows.length > 0;
}

/** The access policy's view of a consult: who may read it. */
export async function consultFacts(
  db: Queryable,
  c: Consult,
): Promise<ConsultAccessFacts> {
  // An eConsult's pool offered it to every eligible psychiatrist at once;
  // like a past offer, that lets them read it after another one claimed it.
  const { rows } = await db.query<{ psychiatristId: string }>(
    c.consultType === 'econsult'
      ? `SELECT u.id AS "psychiatristId" FROM consults c
           JOIN patients pa ON pa.id = c.patient_id
           JOIN programs pr ON pr.id = c.program_id
           JOIN users u ON u.program_id = c.program_id
          WHERE c.id = $1 AND ${POOL_ELIGIBLE}`
      : 'SELECT DISTINCT psychiatrist_id AS "psychiatristId" FROM consult_offers WHERE consult_id = $1',
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
        -- A care manager's video contact is not a consult anyone works.
        AND c.line <> 'care_management'
        AND ($2::uuid IS NULL OR c.practice_id = $2)
        AND ($3::uuid IS NULL OR c.assigned_psychiatrist_id = $3
             OR EXISTS (SELECT 1 FROM consult_offers o WHERE o.consult_id = c.id AND o.psychiatrist_id = $3)
             OR (c.status = 'pooled' AND EXISTS (SELECT 1 FROM patients pa, programs pr, users u
                  WHERE pa.id = c.patient_id AND pr.id = c.program_id AND u.id = $3 AND ${POOL_ELIGIBLE})))
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
