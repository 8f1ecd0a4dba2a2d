import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Database, Queryable } from '../db/database';
import { nextMonth } from './billing-recompute';
import { billingCsvChunks } from './csv-export';
import {
  compareExportRows,
  type ExportAction,
  type ExportRow,
} from './export-row';
import { billingFhirChunks } from './fhir-export';

export type ExportFormat = 'csv' | 'fhir';

export interface BillingExport {
  id: string;
  programId: string;
  period: string;
  format: ExportFormat;
  sha256: string;
  lineCount: number;
  createdBy: string;
  createdAt: Date;
}

const EXPORT_COLUMNS = `id, program_id AS "programId", period, format, sha256, line_count AS "lineCount", created_by AS "createdBy", created_at AS "createdAt"`;

const ROW_COLUMNS = `l.id AS "lineId", l.line_key AS "lineKey", l.version, l.program_id AS "programId", p.name AS "programName",
  l.billing_clinician_id AS "billingClinicianId", u.display_name AS "billingClinicianName", l.billing_clinician_npi AS "billingClinicianNpi",
  l.patient_id AS "patientId", to_char(l.date_of_service, 'YYYY-MM-DD') AS "dateOfService", l.code, l.units, l.modifiers,
  l.place_of_service AS "placeOfService", l.minutes, l.consent_id AS "consentId", l.consult_id AS "consultId", l.payer, l.fee_cents AS "feeCents"`;

/**
 * What a period's export holds now: every current ready line, plus a cancel
 * row for a line whose earlier version went out in an export and which is no
 * longer billable. A ready line whose earlier version went out is a replacement.
 */
async function exportableRows(
  db: Queryable,
  programId: string,
  period: string,
): Promise<ExportRow[]> {
  const { rows } = await db.query<
    Omit<ExportRow, 'action'> & { status: string; earlierExported: boolean }
  >(
    `SELECT ${ROW_COLUMNS}, l.status,
       EXISTS (SELECT 1 FROM billing_lines o JOIN billing_export_lines e ON e.line_id = o.id WHERE o.line_key = l.line_key AND o.version < l.version) AS "earlierExported"
       FROM billing_line_current c JOIN billing_lines l ON l.id = c.line_id JOIN programs p ON p.id = l.program_id JOIN users u ON u.id = l.billing_clinician_id
      WHERE c.program_id = $1 AND c.date_of_service >= $2::date AND c.date_of_service < $3::date`,
    [programId, `${period}-01`, `${nextMonth(period)}-01`],
  );
  const out: ExportRow[] = [];
  for (const { status, earlierExported, ...r } of rows) {
    const action: ExportAction | null =
      status === 'ready'
        ? earlierExported
          ? 'replacement'
          : 'original'
        : earlierExported
          ? 'cancel'
          : null;
    if (action) out.push({ ...r, action });
  }
  return out.sort(compareExportRows);
}

/** The file, chunk by chunk: a month's export can run to hundreds of megabytes. */
export function exportChunks(
  rows: readonly ExportRow[],
  format: ExportFormat,
  scope: { programId: string; period: string },
): Iterable<string> {
  return format === 'csv'
    ? billingCsvChunks(rows)
    : billingFhirChunks(rows, scope);
}

/** Chunks hashed between turns of the event loop (about 1 MB, a few ms): a month's file takes seconds, and calls and the queue share the process. */
const CHUNKS_PER_TURN = 16;

/** SHA-256 and UTF-8 length of a file given chunk by chunk (each chunk is whole UTF-8 text: see EXPORT_CHUNK_CHARS). */
async function digest(
  chunks: Iterable<string>,
): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  let n = 0;
  for (const chunk of chunks) {
    hash.update(chunk);
    bytes += Buffer.byteLength(chunk);
    if (++n % CHUNKS_PER_TURN === 0) await nextTurn();
  }
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * Exports a period. If nothing changed since the last export of this period
 * and format, that export is returned as it was (same id, same bytes);
 * otherwise a new export records exactly which line versions it holds.
 */
export async function createExport(
  db: Database,
  a: {
    programId: string;
    period: string;
    format: ExportFormat;
    userId: string;
    now: Date;
  },
): Promise<{ export: BillingExport; reused: boolean }> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `billing:export:${a.programId}:${a.period}`,
    ]);
    const rows = await exportableRows(tx, a.programId, a.period);
    // Only the hash is needed here (the file is rebuilt on download), so the file is never held whole.
    const hash = (await digest(exportChunks(rows, a.format, a))).sha256;
    const last = await tx.query<BillingExport>(
      `SELECT ${EXPORT_COLUMNS} FROM billing_exports WHERE program_id = $1 AND period = $2 AND format = $3 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [a.programId, a.period, a.format],
    );
    if (last.rows[0]?.sha256 === hash)
      return { export: last.rows[0], reused: true };
    const created = await tx.query<BillingExport>(
      `INSERT INTO billing_exports (program_id, period, format, sha256, line_count, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${EXPORT_COLUMNS}`,
      [a.programId, a.period, a.format, hash, rows.length, a.userId, a.now],
    );
    const exp = created.rows[0]!;
    if (rows.length) {
      await tx.query(
        `INSERT INTO billing_export_lines (export_id, line_id, action, row) SELECT $1, x.line_id, x.action, x.row FROM unnest($2::uuid[], $3::text[], $4::jsonb[]) AS x(line_id, action, row)`,
        [
          exp.id,
          rows.map((r) => r.lineId),
          rows.map((r) => r.action),
          rows.map((r) => JSON.stringify(r)),
        ],
      );
    }
    return { export: exp, reused: false };
  });
}

export async function findExport(
  db: Queryable,
  programId: string,
  exportId: string,
): Promise<BillingExport | null> {
  const { rows } = await db.query<BillingExport>(
    `SELECT ${EXPORT_COLUMNS} FROM billing_exports WHERE id = $1 AND program_id = $2`,
    [exportId, programId],
  );
  return rows[0] ?? null;
}

export async function listExports(
  db: Queryable,
  programId: string,
  period?: string,
): Promise<BillingExport[]> {
  const { rows } = await db.query<BillingExport>(
    `SELECT ${EXPORT_COLUMNS} FROM billing_exports WHERE program_id = $1 AND ($2::text IS NULL OR period = $2) ORDER BY created_at DESC, id DESC LIMIT 200`,
    [programId, period ?? null],
  );
  return rows;
}

/** An export's file, checked and ready to send: its size, and its chunks (each call starts over). */
export interface ExportFile {
  bytes: number;
  chunks(): Iterable<string>;
}

type ExportIdentity = Pick<
  BillingExport,
  'programId' | 'period' | 'format' | 'sha256'
>;

/**
 * Rebuilds an export from the rows it recorded (sorted here, in place), and
 * checks it against the hash taken when it was made by a first pass over the
 * chunks; only then can it be sent, as a second pass. The file is never held
 * whole. Null if the rows no longer reproduce the hash: nothing may be sent.
 */
export async function verifiedExportFile(
  rows: ExportRow[],
  exp: ExportIdentity,
): Promise<ExportFile | null> {
  rows.sort(compareExportRows);
  const chunks = () => exportChunks(rows, exp.format, exp);
  const { sha256, bytes } = await digest(chunks());
  return sha256 === exp.sha256 ? { bytes, chunks } : null;
}

/** An earlier export, byte for byte, from the rows it recorded (see verifiedExportFile). */
export async function exportFile(
  db: Queryable,
  exp: BillingExport,
): Promise<ExportFile | null> {
  const { rows } = await db.query<{ row: ExportRow }>(
    `SELECT row FROM billing_export_lines WHERE export_id = $1`,
    [exp.id],
  );
  return verifiedExportFile(
    rows.map((r) => r.row),
    exp,
  );
}
