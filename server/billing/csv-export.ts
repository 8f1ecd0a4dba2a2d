import { csvCell } from '../http/csv';
import { EXPORT_CHUNK_CHARS, type ExportRow } from './export-row';

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

const csvLine = (cells: readonly unknown[]): string =>
  `${cells.map(csvCell).join(',')}\r\n`;

function csvRow(r: ExportRow): string {
  return csvLine([
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
  ]);
}

/**
 * A period's lines as RFC 4180 CSV (one row per line version; modifiers
 * space-separated), in chunks of about EXPORT_CHUNK_CHARS: the same bytes as
 * toCsv, never held whole.
 */
export function* billingCsvChunks(
  rows: readonly ExportRow[],
): Generator<string, void, undefined> {
  let chunk = csvLine(CSV_COLUMNS);
  for (const r of rows) {
    chunk += csvRow(r);
    if (chunk.length >= EXPORT_CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** The whole file as one string (see billingCsvChunks). */
export const billingCsv = (rows: readonly ExportRow[]): string =>
  [...billingCsvChunks(rows)].join('');
