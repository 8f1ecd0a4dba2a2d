import type { Queryable } from '../db/database';
import type { Statement } from '../db/statement';
import type {
  SafetyAction,
  SafetyAlertJson,
} from '../../signaling/protocol/rest/safety-alerts';
import type { SafetyFlag } from './score-assessment';

/**
 * SQL for the safety loop (071_safety_alerts.sql). Inserts only: an alert
 * is escalated or acknowledged by adding a row keyed by its id, so two
 * instances (or two clinicians) racing add one row and the other finds it.
 */

export interface SafetyAlert {
  id: string;
  programId: string;
  patientId: string;
  patientInitials: string;
  practiceId: string;
  assessmentId: string;
  instrument: string;
  orderedBy: string;
  flags: SafetyFlag[];
  openedAt: Date;
  escalateAt: Date;
  escalatedAt: Date | null;
  ackBy: string | null;
  ackByName: string | null;
  ackAt: Date | null;
  ackAction: SafetyAction | null;
  ackNote: string | null;
  ackConsultId: string | null;
}

const COLUMNS = `s.id, s.program_id AS "programId", s.patient_id AS "patientId",
  upper(left(p.given_name, 1) || left(p.family_name, 1)) AS "patientInitials",
  p.practice_id AS "practiceId", s.assessment_id AS "assessmentId",
  a.instrument, s.ordered_by AS "orderedBy", s.flags,
  s.opened_at AS "openedAt", s.escalate_at AS "escalateAt",
  e.escalated_at AS "escalatedAt", k.acknowledged_by AS "ackBy",
  u.display_name AS "ackByName", k.acknowledged_at AS "ackAt",
  k.action AS "ackAction", k.note AS "ackNote", k.consult_id AS "ackConsultId"`;

const FROM = `FROM safety_alerts s
  JOIN patients p ON p.id = s.patient_id
  JOIN assessments a ON a.id = s.assessment_id
  LEFT JOIN safety_alert_escalations e ON e.alert_id = s.id
  LEFT JOIN safety_alert_acknowledgements k ON k.alert_id = s.id
  LEFT JOIN users u ON u.id = k.acknowledged_by`;

/**
 * The alert for a new assessment, written in the assessment's statement.
 * Its escalation time comes from the program's setting (15 minutes when
 * the program has none) read in the same statement.
 */
export function safetyAlertInsert(a: {
  id: string;
  programId: string;
  patientId: string;
  assessmentId: string;
  orderedBy: string;
  flags: readonly SafetyFlag[];
  openedAt: Date;
}): Statement {
  return {
    sql: `INSERT INTO safety_alerts (id, program_id, patient_id, assessment_id,
        ordered_by, flags, opened_at, escalate_at)
      SELECT $1, $2, $3, $4, $5, $6, $7::timestamptz,
        $7::timestamptz + make_interval(secs => COALESCE(
          (SELECT escalation_seconds FROM screening_settings
            WHERE program_id = $2), 900))
      RETURNING id`,
    params: [
      a.id,
      a.programId,
      a.patientId,
      a.assessmentId,
      a.orderedBy,
      JSON.stringify(a.flags),
      a.openedAt,
    ],
  };
}

export async function findSafetyAlert(
  db: Queryable,
  id: string,
): Promise<SafetyAlert | null> {
  const { rows } = await db.query<SafetyAlert>(
    `SELECT ${COLUMNS} ${FROM} WHERE s.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/**
 * Unacknowledged alerts a user is told about: those they ordered, and for
 * coordinators every alert of their program.
 */
export async function openAlertsFor(
  db: Queryable,
  who: { userId: string; programId: string; seesProgram: boolean },
): Promise<SafetyAlert[]> {
  const { rows } = await db.query<SafetyAlert>(
    `SELECT ${COLUMNS} ${FROM}
      WHERE k.alert_id IS NULL AND s.program_id = $1
        AND (s.ordered_by = $2 OR $3::boolean)
      ORDER BY s.opened_at LIMIT 200`,
    [who.programId, who.userId, who.seesProgram],
  );
  return rows;
}

export async function alertsForPatient(
  db: Queryable,
  patientId: string,
): Promise<SafetyAlert[]> {
  const { rows } = await db.query<SafetyAlert>(
    `SELECT ${COLUMNS} ${FROM} WHERE s.patient_id = $1
      ORDER BY s.opened_at DESC LIMIT 200`,
    [patientId],
  );
  return rows;
}

export function acknowledgementInsert(a: {
  alertId: string;
  by: string;
  at: Date;
  action: SafetyAction;
  note: string | null;
  consultId: string | null;
}): Statement {
  return {
    sql: `INSERT INTO safety_alert_acknowledgements (alert_id, acknowledged_by,
        acknowledged_at, action, note, consult_id)
      VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (alert_id) DO NOTHING RETURNING alert_id`,
    params: [a.alertId, a.by, a.at, a.action, a.note, a.consultId],
  };
}

/**
 * Escalates every unacknowledged alert whose time has come, once: the
 * primary key on the escalation row lets exactly one sweeping instance win.
 * Returns the alerts this call escalated.
 */
export async function escalateDue(
  db: Queryable,
  now: Date,
): Promise<
  { alertId: string; patientId: string; programId: string; orderedBy: string }[]
> {
  const { rows } = await db.query<{
    alertId: string;
    patientId: string;
    programId: string;
    orderedBy: string;
  }>(
    `WITH due AS (
       SELECT s.id FROM safety_alerts s
        WHERE s.escalate_at <= $1
          AND NOT EXISTS (SELECT 1 FROM safety_alert_acknowledgements k
                           WHERE k.alert_id = s.id)
          AND NOT EXISTS (SELECT 1 FROM safety_alert_escalations e
                           WHERE e.alert_id = s.id)
        ORDER BY s.escalate_at LIMIT 100),
     done AS (
       INSERT INTO safety_alert_escalations (alert_id, escalated_at)
       SELECT id, $1 FROM due ON CONFLICT (alert_id) DO NOTHING
       RETURNING alert_id)
     SELECT s.id AS "alertId", s.patient_id AS "patientId",
            s.program_id AS "programId", s.ordered_by AS "orderedBy"
       FROM done JOIN safety_alerts s ON s.id = done.alert_id`,
    [now],
  );
  return rows;
}

export async function escalationSeconds(
  db: Queryable,
  programId: string,
): Promise<number> {
  const { rows } = await db.query<{ s: number }>(
    'SELECT escalation_seconds AS s FROM screening_settings WHERE program_id = $1',
    [programId],
  );
  return rows[0]?.s ?? 900;
}

export async function saveEscalationSeconds(
  db: Queryable,
  programId: string,
  seconds: number,
  by: string,
  at: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO screening_settings (program_id, escalation_seconds,
        updated_by, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (program_id) DO UPDATE SET escalation_seconds = $2,
       updated_by = $3, updated_at = $4`,
    [programId, seconds, by, at],
  );
}

export const alertToJson = (a: SafetyAlert): SafetyAlertJson => ({
  id: a.id,
  patientId: a.patientId,
  patientInitials: a.patientInitials,
  assessmentId: a.assessmentId,
  instrument: a.instrument,
  orderedBy: a.orderedBy,
  reasons: a.flags.map((f) => f.reason),
  openedAt: a.openedAt.toISOString(),
  escalateAt: a.escalateAt.toISOString(),
  escalatedAt: a.escalatedAt?.toISOString() ?? null,
  acknowledgement:
    a.ackBy && a.ackAt && a.ackAction
      ? {
          by: a.ackBy,
          byName: a.ackByName ?? '',
          at: a.ackAt.toISOString(),
          action: a.ackAction,
          note: a.ackNote,
          consultId: a.ackConsultId,
        }
      : null,
});
