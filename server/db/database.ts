/**
 * The database seam: real PostgreSQL (pg pool) or PGlite (in-process Postgres)
 * behind one small interface. Callers write plain SQL with $1 parameters and
 * never learn which one they hold.
 */
import type { EngineProfile } from './pglite-statement-profile';

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Queryable {
  query<T = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<T>>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs fn in one transaction; commits on return, rolls back on throw. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Cheap liveness probe for /readyz. */
  ping(): Promise<void>;
  /** Pool connections (PostgreSQL only; PGlite has one in-process). */
  poolStats?(): { total: number; idle: number; waiting: number };
  /** The embedded engine thread's CPU, per statement if asked (benchmarks). */
  engineProfile?(): Promise<EngineProfile>;
  close(): Promise<void>;
}
