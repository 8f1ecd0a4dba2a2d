import { createHash } from 'node:crypto';
import { Pool, types, type CustomTypesConfig, type PoolClient } from 'pg';
import type { Database, Queryable, QueryResult } from './database';
import { contractParser, toParam } from './type-contract';

/** The shared type contract, per pool (pg's global parsers stay untouched). */
const contractTypes: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    (format ?? 'text') === 'text'
      ? (contractParser(oid) ?? types.getTypeParser(oid, 'text'))
      : types.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};

/** Above this many distinct statements, new ones run unnamed: a backend keeps every statement it prepared. */
const MAX_NAMED_STATEMENTS = 1000;
const statementNames = new Map<string, string>();

/**
 * A stable name for a parameterized statement, so each pooled connection parses and
 * plans it once and PostgreSQL can reuse the plan. Planning was a third of the
 * database's CPU under queue load (the queue's statements are CTEs with row locks).
 * PostgreSQL still plans per call where a generic plan would cost more.
 */
export function statementName(sql: string): string | undefined {
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `s${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    statementNames.set(sql, name);
  }
  return name;
}

function wrap(client: Pool | PoolClient): Queryable {
  return {
    async query<T>(
      sql: string,
      params?: readonly unknown[],
    ): Promise<QueryResult<T>> {
      const name = params?.length ? statementName(sql) : undefined;
      const r = await client.query({
        text: sql,
        values: params?.map(toParam),
        name,
      });
      return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      await client.query(sql);
    },
  };
}

export async function openPostgres(
  url: string,
  poolSize: number,
  idleMs = 300_000,
): Promise<Database> {
  const pool = new Pool({
    connectionString: url,
    max: poolSize,
    idleTimeoutMillis: idleMs,
    types: contractTypes,
  });
  // An idle client error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const base = wrap(pool);
  return {
    kind: 'postgres',
    ...base,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      // pg-pool listens for errors only on idle clients: a checked-out one
      // whose server goes away (restart, failover) would emit an unhandled
      // 'error' and end the process. Keep it, and drop the client on release.
      let broken: Error | undefined;
      const onError = (err: Error) => {
        broken = err;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    poolStats: () => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    }),
    async close() {
      await pool.end();
    },
  };
}
