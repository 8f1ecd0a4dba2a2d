/**
 * One line as it leaves the building. Built only from stored, immutable line
 * versions (and the action fixed when the export was made), so the same rows
 * always serialize to the same bytes.
 */
export type ExportAction = 'original' | 'replacement' | 'cancel';

export interface ExportRow {
  lineId: string;
  lineKey: string;
  version: number;
  action: ExportAction;
  programId: string;
  programName: string;
  billingClinicianId: string;
  billingClinicianName: string;
  billingClinicianNpi: string | null;
  patientId: string;
  dateOfService: string;
  code: string;
  units: number;
  modifiers: string[];
  placeOfService: string;
  minutes: number;
  consentId: string | null;
  consultId: string | null;
  payer: string;
  feeCents: number | null;
}

/** Deterministic order: by date of service, then line key. */
export const compareExportRows = (a: ExportRow, b: ExportRow): number =>
  a.dateOfService < b.dateOfService
    ? -1
    : a.dateOfService > b.dateOfService
      ? 1
      : a.lineKey < b.lineKey
        ? -1
        : a.lineKey > b.lineKey
          ? 1
          : 0;

/**
 * About how many characters an exporter puts in one chunk. Small chunks stay
 * in cache while they are encoded and written (a multi-megabyte string built
 * piece by piece is several times slower to flatten), yet few enough writes.
 * A chunk ends only between rows, so each one is whole UTF-8 text: hashing or
 * writing chunk by chunk gives the bytes of the whole file.
 */
export const EXPORT_CHUNK_CHARS = 64 * 1024;
