import type { Database, Queryable } from '../db/database';
import type { Metrics } from './metrics';

/**
 * The database with every statement and transaction timed. Only the kind is
 * a label: statement text would be unbounded, and parameters are patient data.
 */
export function timedDatabase(db: Database, metrics: Metrics): Database {
  const time = async <T>(kind: string, run: () => Promise<T>): Promise<T> => {
    const stop = metrics.dbQuery.startTimer({ kind });
    metrics.dbInFlight.inc();
    try {
      return await run();
    } finally {
      metrics.dbInFlight.dec();
      stop();
    }
  };
  const timed = (q: Queryable, kind: string): Queryable => ({
    query: (sql, params) => time(kind, () => q.query(sql, params)),
    exec: (sql) => time(kind, () => q.exec(sql)),
  });
  return {
    kind: db.kind,
    ...timed(db, 'query'),
    // The transaction as a whole, and its statements as `in_transaction`.
    transaction: (fn) =>
      time('transaction', () =>
        db.transaction((tx) => fn(timed(tx, 'in_transaction'))),
      ),
    ping: () => db.ping(),
    close: () => db.close(),
    ...(db.poolStats ? { poolStats: () => db.poolStats!() } : {}),
    ...(db.engineProfile ? { engineProfile: () => db.engineProfile!() } : {}),
  };
}
