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

  async search(f: AuditSearch): Promise<NamedAuditRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replaceAll('?', `$${params.length}`));
    };
    add('a.program_id = ?', f.programId);
    if (f.patientId) add('a.patient_id = ?', f.patientId);
    if (f.userId) add('a.user_id = ?', f.userId);
    // By name: the words in any order, each a part of the given or family name.
    if (f.patientName)
      add(
        `a.patient_id IN (SELECT id FROM patients
            WHERE (given_name || ' ' || family_name || ' ' || given_name) ILIKE ?)`,
        likeWords(f.patientName),
      );
    if (f.userName)
      add(
        `a.user_id IN (SELECT id FROM users WHERE program_id = a.program_id
            AND (display_name ILIKE ? OR email ILIKE ?))`,
        likeWords(f.userName),
      );
    if (f.action) add('a.action = ?', f.action);
    if (f.outcome) add('a.outcome = ?', f.outcome);
    if (f.from) add('a.at >= ?', f.from);
    if (f.to) add('a.at < ?', f.to);
    params.push(f.limit ?? 500);
    const sql = `SELECT a.id, a.at, a.user_id AS "userId", a.role, a.actor_label AS "actorLabel", a.action, a.patient_id AS "patientId",
        a.resource_type AS "resourceType", a.resource_id AS "resourceId", a.outcome, a.request_id AS "requestId",
        a.client_ip AS "clientIp", a.details,
        u.display_name AS "userName",
        CASE WHEN p.id IS NULL THEN NULL ELSE p.given_name || ' ' || p.family_name END AS "patientName"
      FROM audit_log a
      LEFT JOIN users u ON u.id = a.user_id
      LEFT JOIN patients p ON p.id = a.patient_id
      WHERE ${where.join(' AND ')}
      ORDER BY a.id DESC LIMIT $${params.length}`;
    const { rows } = await this.db.query<NamedAuditRow>(sql, params);
    return rows;
  }
}

/** An audit row with the names an admin reads instead of ids. */
export interface NamedAuditRow extends AuditRow {
  userName: string | null;
  patientName: string | null;
}

/**
 * "carmen mart" -> "%carmen%mart%": each word a part of the name, in the
 * order typed; LIKE's own wildcards in the input are taken literally.
 */
export function likeWords(text: string): string {
  const words = text
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.replace(/[\\%_]/g, (c) => `\\${c}`));
  return `%${words.join('%')}%`;
}

export interface AuditSearch {
  /** Always required: a search never crosses programs (migration 120). */
  programId: string;
  patientId?: string;
  userId?: string;
  /** Part of the patient's name (words in order; given or family first). */
  patientName?: string;
  /** Part of the user's display name or email. */
  userName?: string;
  action?: string;
  outcome?: AuditOutcome;
  from?: Date;
  to?: Date;
  limit?: number;
}
