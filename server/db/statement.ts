import type { Queryable, QueryResult } from './database';

/** One SQL statement and its parameters ($1, $2, ...), held as a value so it can be combined before it is sent. */
export interface Statement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

export function runStatement<T>(
  q: Queryable,
  s: Statement,
): Promise<QueryResult<T>> {
  return q.query<T>(s.sql, s.params);
}

/** Moves a statement's placeholders up by `offset`. Our SQL never writes `$<digit>` inside a literal. */
function shifted(sql: string, offset: number): string {
  return offset === 0
    ? sql
    : sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
}

/** Appends a statement's parameters to `params`; returns its SQL renumbered to match. */
export function appendTo(params: unknown[], s: Statement): string {
  const sql = shifted(s.sql, params.length);
  params.push(...s.params);
  return sql;
}

/**
 * Several writes sent as one statement, each part a CTE: PostgreSQL applies
 * them all or none (a part that fails, a unique violation say, undoes the
 * others), in one round trip instead of BEGIN, one per part, and COMMIT. The
 * parts run on one snapshot and do not see each other's rows, so each must
 * stand on the values it is given (ids are made by the caller); foreign keys
 * between them hold, as PostgreSQL checks those once the statement is done.
 * Returns what part `returning` returns.
 */
export function allOrNone(
  parts: readonly Statement[],
  returning: number,
): Statement {
  if (!parts[returning])
    throw new Error(`allOrNone: no part ${returning} among ${parts.length}`);
  const params: unknown[] = [];
  const ctes = parts.map((p, i) => `w${i} AS (${appendTo(params, p)})`);
  return {
    sql: `WITH ${ctes.join(',\n')}\nSELECT * FROM w${returning}`,
    params,
  };
}
