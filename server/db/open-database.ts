import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { acquireDataDirLock } from './data-dir-lock';
import type { Config } from '../config';
import type { Database } from './database';
import {
  openPglite,
  type PgliteDatabase,
  type PgliteOptions,
} from './pglite-database';
import { openPostgres } from './postgres-database';

/** DATABASE_URL means real PostgreSQL; otherwise PGlite under DATA_DIR/pg. */
export async function openDatabase(
  config: Pick<
    Config,
    | 'DATABASE_URL'
    | 'DATA_DIR'
    | 'DATABASE_POOL_SIZE'
    | 'DATABASE_POOL_IDLE_SECONDS'
    | 'EMBEDDED_ENGINE'
    | 'EMBEDDED_ENGINE_KILL_SIGNAL'
  >,
  opts: { memory?: boolean; onEngineLost?: (err: Error) => void } = {},
): Promise<Database> {
  if (config.DATABASE_URL)
    return openPostgres(
      config.DATABASE_URL,
      config.DATABASE_POOL_SIZE,
      config.DATABASE_POOL_IDLE_SECONDS * 1000,
    );
  const engine: PgliteOptions = {
    main: config.EMBEDDED_ENGINE === 'main',
    onEngineLost: opts.onEngineLost ?? exitOnEngineLost,
  };
  const db = opts.memory
    ? await openPglite(undefined, engine)
    : await openLockedPglite(path.resolve(config.DATA_DIR), engine);
  const signal = config.EMBEDDED_ENGINE_KILL_SIGNAL;
  if (signal && isPgliteThread(db)) process.once(signal, () => db.exitEngine());
  return db;
}

const isPgliteThread = (db: Database): db is PgliteDatabase =>
  'exitEngine' in db;

/** PGlite under DATA_DIR/pg, holding DATA_DIR's lock until closed. */
async function openLockedPglite(
  dataDir: string,
  engine: PgliteOptions,
): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  const lock = acquireDataDirLock(dataDir);
  let db: Database;
  try {
    db = await openPglite(path.join(dataDir, 'pg'), engine);
  } catch (err) {
    lock.release();
    throw err;
  }
  return {
    ...db,
    async close() {
      try {
        await db.close();
      } finally {
        lock.release();
      }
    },
  };
}

/**
 * A dead embedded engine cannot write anything more: stop at once, saying
 * why, rather than serve requests from state that can no longer be saved.
 * Whatever was acknowledged is on disk (each statement is written before the
 * engine replies); a supervisor can restart the process.
 */
function exitOnEngineLost(err: Error): void {
  process.stderr.write(`${err.message}. Exiting; restart the server.\n`);
  process.exit(70);
}
