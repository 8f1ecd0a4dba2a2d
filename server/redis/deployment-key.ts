import { createHash, randomUUID } from 'node:crypto';
import type { Config } from '../config';
import type { Database } from '../db/database';

/**
 * What names this deployment's keys and streams in a Redis it may share with
 * others (a staging and a production, or test servers): instances sharing a
 * PostgreSQL database are one deployment; an embedded database never is shared.
 */
export function deploymentKey(config: Pick<Config, 'DATABASE_URL'>, db: Pick<Database, 'kind'>): string {
  const identity = db.kind === 'postgres' && config.DATABASE_URL ? config.DATABASE_URL : randomUUID();
  return createHash('sha1').update(identity).digest('hex').slice(0, 12);
}
