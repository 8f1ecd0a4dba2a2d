import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Database, Queryable, QueryResult } from './database';
import { ENGINE_START_PARAMS, freshClusterTemplate } from './pglite-cluster';
import { SCALAR_PARSERS, toParam } from './type-contract';

type Runner = Pick<PGlite, 'query' | 'exec'> | Transaction;

function wrap(runner: Runner): Queryable {
  return {
    async query<T>(
      sql: string,
      params?: readonly unknown[],
    ): Promise<QueryResult<T>> {
      const r = await runner.query<T>(sql, params?.map(toParam));
      // PGlite reports affectedRows 0 for SELECT; pg reports the rows returned. Match pg.
      return { rows: r.rows, rowCount: r.rows.length || r.affectedRows || 0 };
    },
    async exec(sql: string): Promise<void> {
      await runner.exec(sql);
    },
  };
}

/**
 * PGlite on the calling thread (`EMBEDDED_ENGINE=main`): every query holds
 * up the event loop. Kept to compare with the engine thread, the default
 * (pglite-database.ts, docs/database.md). The cluster, if new, was made in
 * a child process by the caller.
 */
export async function openPgliteInline(dataDir?: string): Promise<Database> {
  const db = await PGlite.create(dataDir, {
    parsers: { ...SCALAR_PARSERS },
    startParams: [...PGlite.defaultStartParams, ...ENGINE_START_PARAMS],
    loadDataDir: dataDir ? undefined : new Blob([await freshClusterTemplate()]),
  });
  const base = wrap(db);
  return {
    kind: 'pglite',
    ...base,
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return db.transaction((tx) => fn(wrap(tx)));
    },
    async ping() {
      await db.query('SELECT 1');
    },
    async close() {
      await db.close();
    },
  };
}
