import type { Queryable } from '../db/database';
import {
  rulesFor,
  type PayerRules,
  type PayerRulesOverride,
} from './payer-rules';

/**
 * The payer of a patient on a date (their coverages) and the payer tables
 * as this program overrides them (billing_payer_rules).
 */

/** The payer on a date: the newest coverage effective by then; 'default' without one. */
export async function payerOn(
  db: Queryable,
  patientId: string,
  date: string,
): Promise<string> {
  const { rows } = await db.query<{ payer: string }>(
    // The latest coverage begun by the date; once it has ended, the default table.
    `SELECT CASE WHEN end_date IS NULL OR end_date > $2::date THEN payer END AS payer FROM patient_coverages WHERE patient_id = $1 AND effective_from <= $2::date ORDER BY effective_from DESC, recorded_at DESC LIMIT 1`,
    [patientId, date],
  );
  return rows[0]?.payer ?? 'default';
}

export async function payerRulesFor(
  db: Queryable,
  programId: string,
  payer: string,
): Promise<PayerRules> {
  const { rows } = await db.query<{ rules: PayerRulesOverride }>(
    `SELECT rules FROM billing_payer_rules WHERE program_id = $1 AND payer = $2`,
    [programId, payer],
  );
  return rulesFor(payer, rows[0]?.rules ?? null);
}

/** This program's overrides of the payer tables, by payer. */
export async function payerOverrides(
  db: Queryable,
  programId: string,
): Promise<Map<string, PayerRulesOverride>> {
  const { rows } = await db.query<{
    payer: string;
    rules: PayerRulesOverride;
  }>(`SELECT payer, rules FROM billing_payer_rules WHERE program_id = $1`, [
    programId,
  ]);
  return new Map(rows.map((r) => [r.payer, r.rules]));
}

export async function savePayerOverride(
  db: Queryable,
  o: {
    programId: string;
    payer: string;
    rules: PayerRulesOverride;
    by: string;
    now: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO billing_payer_rules (program_id, payer, rules, updated_by, updated_at) VALUES ($1, $2, $3::jsonb, $4, $5)
     ON CONFLICT (program_id, payer) DO UPDATE SET rules = EXCLUDED.rules, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
    [o.programId, o.payer, JSON.stringify(o.rules), o.by, o.now],
  );
}
