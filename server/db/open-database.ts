import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { acquireDataDirLock } from './data-dir-lock';
import type { Config } from '../config';
import type { Database } from './database';
import { openPglite } from './pglite-database';
import { openPostgres } from './postgres-database';

/** DATABASE_URL means real PostgreSQL; otherwise PGlite under DATA_DIR/pg. */
export async function openDatabase(
  config: Pick<
    Config,
    | 'DATABASE_URL'
    | 'DATA_DIR'
    | 'DATABASE_POOL_SIZE'
    | 'DATABASE_POOL_IDLE_SECONDS'
  >,
  opts: { memory?: boolean; onEngineLost?: (err: Error) => void } = {},
): Promise<Database> {
  if (config.DATABASE_URL)
    return openPostgres(
      config.DATABASE_URL,
      config.DATABASE_POOL_SIZE,
      config.DATABASE_POOL_IDLE_SECONDS * 1000,
    );
  if (opts.memory)
    return openPglite(undefined, {
      onEngineLost: opts.onEngineLost ?? exitOnEngineLost,
    });
  return openLockedPglite(
    path.resolve(config.DATA_DIR),
    opts.onEngineLost ?? exitOnEngineLost,
  );
}

/** PGlite under DATA_DIR/pg, holding DATA_DIR's lock until closed. */
async function openLockedPglite(
  dataDir: string,
  onEngineLost: (err: Error) => void,
): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  const lock = acquireDataDirLock(dataDir);
  let db: Database;
  try {
    db = await openPglite(path.join(dataDir, 'pg'), { onEngineLost });
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
