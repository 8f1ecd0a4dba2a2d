import { createHash } from 'node:crypto';
import type { Queryable } from '../db/database';
import type { LineDraft, LineStatus, Reason } from './billing-facts';

/** A stored line version. */
export interface BillingLine extends Omit<LineDraft, 'status'> {
  id: string;
  version: number;
  status: LineStatus;
  computedAt: Date;
  contentHash: string;
}

export const LINE_COLUMNS = `l.id, l.line_key AS "lineKey", l.version, l.program_id AS "programId", l.patient_id AS "patientId", l.consult_id AS "consultId",
  l.code, l.units, l.billing_clinician_id AS "billingClinicianId", l.billing_clinician_npi AS "billingClinicianNpi",
  to_char(l.date_of_service, 'YYYY-MM-DD') AS "dateOfService", l.place_of_service AS "placeOfService", l.modifiers, l.minutes, l.status,
  l.reasons, l.consent_id AS "consentId", l.payer, l.fee_cents AS "feeCents", l.content_hash AS "contentHash", l.computed_at AS "computedAt"`;

/** Hash of everything a payer or auditor would see; equal hash = nothing changed = no new version. */
export function lineHash(
  d: Omit<LineDraft, 'status'> & { status: LineStatus },
): string {
  const canonical = [
    d.lineKey,
    d.programId,
    d.patientId,
    d.consultId,
    d.code,
    d.units,
    d.billingClinicianId,
    d.billingClinicianNpi,
    d.dateOfService,
    d.placeOfService,
    d.modifiers,
    d.minutes,
    d.status,
    d.reasons,
    d.consentId,
    d.payer,
    d.feeCents,
  ];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

async function currentVersions(
  tx: Queryable,
  keys: readonly string[],
): Promise<Map<string, BillingLine>> {
  const { rows } = await tx.query<BillingLine>(
    `SELECT ${LINE_COLUMNS} FROM billing_line_current c JOIN billing_lines l ON l.id = c.line_id WHERE c.line_key = ANY($1::text[])`,
    [[...keys]],
  );
  return new Map(rows.map((r) => [r.lineKey, r]));
}

async function insertVersion(
  tx: Queryable,
  d: Omit<LineDraft, 'status'> & { status: LineStatus },
  version: number,
  now: Date,
): Promise<void> {
  const hash = lineHash(d);
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO billing_lines (line_key, version, program_id, patient_id, consult_id, code, units, billing_clinician_id, billing_clinician_npi, date_of_service,
       place_of_service, modifiers, minutes, status, reasons, consent_id, payer, fee_cents, content_hash, computed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::jsonb, $16, $17, $18, $19, $20) RETURNING id`,
    [
      d.lineKey,
      version,
      d.programId,
      d.patientId,
      d.consultId,
      d.code,
      d.units,
      d.billingClinicianId,
      d.billingClinicianNpi,
      d.dateOfService,
      d.placeOfService,
      d.modifiers,
      d.minutes,
      d.status,
      JSON.stringify(d.reasons),
      d.consentId,
      d.payer,
      d.feeCents,
      hash,
      now,
    ],
  );
  await tx.query(
    `INSERT INTO billing_line_current (line_key, line_id, program_id, patient_id, consult_id, date_of_service, status) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (line_key) DO UPDATE SET line_id = EXCLUDED.line_id, date_of_service = EXCLUDED.date_of_service, status = EXCLUDED.status`,
    [
      d.lineKey,
      rows[0]!.id,
      d.programId,
      d.patientId,
      d.consultId,
      d.dateOfService,
      d.status,
    ],
  );
}

/**
 * Stores the engine's lines for one scope (a consult's or a patient-month's
 * keys). An unchanged line writes nothing; a changed one writes version n+1;
 * a line the engine no longer produces gets a "void" version with the
 * engine's notes as its reasons. Call inside a transaction holding the scope lock.
 */
export async function saveLines(
  tx: Queryable,
  scopeKeys: readonly string[],
  drafts: readonly LineDraft[],
  notes: readonly Reason[],
  now: Date,
): Promise<{ written: number }> {
  const current = await currentVersions(tx, scopeKeys);
  let written = 0;
  for (const key of scopeKeys) {
    const draft = drafts.find((d) => d.lineKey === key);
    const cur = current.get(key);
    const next =
      draft ??
      (cur && cur.status !== 'void'
        ? {
            ...cur,
            status: 'void' as const,
            reasons: [
              {
                rule: 'line.void',
                outcome: 'blocked' as const,
                message:
                  'Recomputed from corrected facts: this line is no longer billable.',
              },
              ...notes,
            ],
          }
        : null);
    if (!next) continue;
    if (cur && cur.contentHash === lineHash(next)) continue;
    await insertVersion(tx, next, (cur?.version ?? 0) + 1, now);
    written++;
  }
  return { written };
}

export interface LineView extends BillingLine {
  /** This version is in at least one export. */
  exported: boolean;
  /** What the biller sees: exported, or the line's own status. */
  viewStatus: LineStatus | 'exported';
}

export async function linesInPeriod(
  db: Queryable,
  programId: string,
  from: string,
  to: string,
  filter: { status?: string; consultId?: string } = {},
): Promise<LineView[]> {
  const { rows } = await db.query<BillingLine & { exported: boolean }>(
    `SELECT ${LINE_COLUMNS}, EXISTS (SELECT 1 FROM billing_export_lines e WHERE e.line_id = l.id) AS exported
       FROM billing_line_current c JOIN billing_lines l ON l.id = c.line_id
      WHERE c.program_id = $1 AND c.date_of_service >= $2::date AND c.date_of_service < $3::date AND ($4::uuid IS NULL OR c.consult_id = $4)
      ORDER BY l.date_of_service, l.line_key`,
    [programId, from, to, filter.consultId ?? null],
  );
  const views = rows.map((r) => ({
    ...r,
    viewStatus:
      r.exported && r.status === 'ready' ? ('exported' as const) : r.status,
  }));
  return filter.status
    ? views.filter((v) => v.viewStatus === filter.status)
    : views;
}

export async function linesOfConsult(
  db: Queryable,
  consultId: string,
): Promise<LineView[]> {
  const { rows } = await db.query<BillingLine & { exported: boolean }>(
    `SELECT ${LINE_COLUMNS}, EXISTS (SELECT 1 FROM billing_export_lines e WHERE e.line_id = l.id) AS exported
       FROM billing_line_current c JOIN billing_lines l ON l.id = c.line_id WHERE c.consult_id = $1 ORDER BY l.line_key`,
    [consultId],
  );
  return rows.map((r) => ({
    ...r,
    viewStatus:
      r.exported && r.status === 'ready' ? ('exported' as const) : r.status,
  }));
}

export async function lineHistory(
  db: Queryable,
  programId: string,
  lineKey: string,
): Promise<BillingLine[]> {
  const { rows } = await db.query<BillingLine>(
    `SELECT ${LINE_COLUMNS} FROM billing_lines l WHERE l.program_id = $1 AND l.line_key = $2 ORDER BY l.version`,
    [programId, lineKey],
  );
  return rows;
}
