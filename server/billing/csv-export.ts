import { toCsv } from '../http/csv';
import type { ExportRow } from './export-row';

export const CSV_COLUMNS = [
  'program',
  'billing_clinician',
  'billing_clinician_npi',
  'patient_id',
  'date_of_service',
  'code',
  'units',
  'modifiers',
  'place_of_service',
  'minutes',
  'consent_reference',
  'consult_id',
  'payer',
  'expected_fee_usd',
  'line_key',
  'line_version',
  'action',
] as const;

/** A period's lines as RFC 4180 CSV (one row per line version; modifiers space-separated). */
export function billingCsv(rows: readonly ExportRow[]): string {
  return toCsv(
    CSV_COLUMNS,
    rows.map((r) => [
      r.programName,
      r.billingClinicianName,
      r.billingClinicianNpi,
      r.patientId,
      r.dateOfService,
      r.code,
      r.units,
      r.modifiers.join(' '),
      r.placeOfService,
      r.minutes,
      r.consentId,
      r.consultId,
      r.payer,
      r.feeCents === null ? null : (r.feeCents / 100).toFixed(2),
      r.lineKey,
      r.version,
      r.action,
    ]),
  );
}
