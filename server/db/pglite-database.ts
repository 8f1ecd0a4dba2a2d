import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Database, Queryable, QueryResult } from './database';
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
 * In-process PostgreSQL for `npm start` with nothing installed. `dataDir`
 * undefined keeps it in memory (tests); otherwise it persists on disk.
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // The shared type contract (type-contract.ts); PGlite derives each array's parser from its element's.
  const db = await PGlite.create(dataDir, { parsers: { ...SCALAR_PARSERS } });
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
