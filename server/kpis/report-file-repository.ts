import type { Queryable } from '../db/database';

export interface ReportFile {
  id: string;
  kind: 'pmhca_csv';
  periodFrom: string;
  periodTo: string;
  sha256: string;
  body: string;
  createdAt: Date;
}

const COLUMNS = `id, kind, to_char(period_from, 'YYYY-MM-DD') AS "periodFrom", to_char(period_to, 'YYYY-MM-DD') AS "periodTo",
  sha256, body, created_at AS "createdAt"`;

/**
 * Stores a report file unless the last one of the same period has the same
 * hash, which is then handed back (same id, same bytes).
 */
export async function storeReportFile(
  db: Queryable,
  f: {
    programId: string;
    kind: 'pmhca_csv';
    from: string;
    to: string;
    sha256: string;
    body: string;
    createdBy: string;
    now: Date;
  },
): Promise<{ file: ReportFile; reused: boolean }> {
  const last = await db.query<ReportFile>(
    `SELECT ${COLUMNS} FROM program_report_files
      WHERE program_id = $1 AND kind = $2 AND period_from = $3 AND period_to = $4
      ORDER BY created_at DESC, id DESC LIMIT 1`,
    [f.programId, f.kind, f.from, f.to],
  );
  if (last.rows[0]?.sha256 === f.sha256)
    return { file: last.rows[0], reused: true };
  const { rows } = await db.query<ReportFile>(
    `INSERT INTO program_report_files (program_id, kind, period_from, period_to, sha256, body, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
    [f.programId, f.kind, f.from, f.to, f.sha256, f.body, f.createdBy, f.now],
  );
  return { file: rows[0]!, reused: false };
}

export async function findReportFile(
  db: Queryable,
  programId: string,
  id: string,
): Promise<ReportFile | null> {
  const { rows } = await db.query<ReportFile>(
    `SELECT ${COLUMNS} FROM program_report_files WHERE program_id = $1 AND id = $2`,
    [programId, id],
  );
  return rows[0] ?? null;
}

export async function programName(
  db: Queryable,
  programId: string,
): Promise<string> {
  const { rows } = await db.query<{ name: string }>(
    'SELECT name FROM programs WHERE id = $1',
    [programId],
  );
  return rows[0]?.name ?? '';
}
