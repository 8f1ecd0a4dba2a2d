import type { Queryable } from '../db/database';
import { runStatement, type Statement } from '../db/statement';
import type { Logger } from '../logger';

export type AuditOutcome = 'allowed' | 'denied';

export interface AuditEntry {
  action: string;
  outcome?: AuditOutcome;
  userId?: string | null;
  role?: string | null;
  /** Who acted when it is not a staff user: 'patient-visit', 'twilio', 'system'. */
  actorLabel?: string | null;
  patientId?: string | null;
  resourceType?: string | null;
  resourceId?: string | null;
  requestId?: string | null;
  clientIp?: string | null;
  /** Identifiers and codes only: never names, dates of birth, phone numbers or notes. */
  details?: Record<string, unknown> | null;
}

export interface AuditRow extends Required<Omit<AuditEntry, 'details'>> {
  id: number;
  at: Date;
  details: Record<string, unknown> | null;
}

/**
 * An audit row as a statement, to be written with the change it describes (see
 * `allOrNone`). With `from`, it is written only if that CTE returned a row, and
 * the patient and resource come from it where the entry names none (SQL
 * expressions over it).
 */
export function auditInsert(
  e: AuditEntry,
  from?: { source: string; patientId: string; resourceId: string },
): Statement {
  return {
    sql: `INSERT INTO audit_log
      (user_id, role, actor_label, action, patient_id, resource_type, resource_id, outcome, request_id, client_ip, details)
      SELECT $1::uuid, $2, $3, $4, ${from ? `COALESCE($5::uuid, ${from.patientId})` : '$5::uuid'}, $6,
             ${from ? `COALESCE($7::text, ${from.resourceId}::text)` : '$7::text'}, $8, $9, $10, $11::jsonb${from ? ` FROM ${from.source}` : ''}`,
    params: [
      e.userId ?? null,
      e.role ?? null,
      e.actorLabel ?? null,
      e.action,
      e.patientId ?? null,
      e.resourceType ?? null,
      e.resourceId ?? null,
      e.outcome ?? 'allowed',
      e.requestId ?? null,
      e.clientIp ?? null,
      e.details ? JSON.stringify(e.details) : null,
    ],
  };
}

/** Append-only record of who touched which patient's data, and every refusal. */
export class AuditLog {
  constructor(
    private readonly db: Queryable,
    private readonly logger: Logger,
  ) {}

  /** Writes inside `tx` when given, so the audit row commits or rolls back with the change it describes. */
  async record(e: AuditEntry, tx: Queryable = this.db): Promise<void> {
    await runStatement(tx, auditInsert(e));
    if (e.outcome === 'denied')
      this.logger.warn(
        {
          audit: {
            action: e.action,
            userId: e.userId,
            resourceType: e.resourceType,
          },
        },
        'access denied',
      );
  }

  async search(f: AuditSearch): Promise<AuditRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    add('program_id = ?', f.programId);
    if (f.patientId) add('patient_id = ?', f.patientId);
    if (f.userId) add('user_id = ?', f.userId);
    if (f.action) add('action = ?', f.action);
    if (f.outcome) add('outcome = ?', f.outcome);
    if (f.from) add('at >= ?', f.from);
    if (f.to) add('at < ?', f.to);
    params.push(f.limit ?? 500);
    const sql = `SELECT id, at, user_id AS "userId", role, actor_label AS "actorLabel", action, patient_id AS "patientId",
        resource_type AS "resourceType", resource_id AS "resourceId", outcome, request_id AS "requestId",
        client_ip AS "clientIp", details
      FROM audit_log WHERE ${where.join(' AND ')}
      ORDER BY id DESC LIMIT $${params.length}`;
    const { rows } = await this.db.query<AuditRow>(sql, params);
    return rows;
  }
}

export interface AuditSearch {
  /** Always required: a search never crosses programs (migration 120). */
  programId: string;
  patientId?: string;
  userId?: string;
  action?: string;
  outcome?: AuditOutcome;
  from?: Date;
  to?: Date;
  limit?: number;
}
