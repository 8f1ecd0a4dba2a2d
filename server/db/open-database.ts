import path from 'node:path';
import type { Config } from '../config';
import type { Database } from './database';
import { openPglite } from './pglite-database';
import { openPostgres } from './postgres-database';

/** DATABASE_URL means real PostgreSQL; otherwise PGlite under DATA_DIR/pg. */
export function openDatabase(
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
  return openPglite(
    opts.memory ? undefined : path.resolve(config.DATA_DIR, 'pg'),
    { onEngineLost: opts.onEngineLost ?? exitOnEngineLost },
  );
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
