import { createHash, randomUUID } from 'node:crypto';
import type { Config } from '../config';
import type { Database } from '../db/database';

/** An embedded database is never shared: one random key per database, the same for every caller. */
const embeddedKeys = new WeakMap<object, string>();

/**
 * What names this deployment's keys and streams in a Redis it may share with
 * others (a staging and a production, or test servers): instances sharing a
 * PostgreSQL database are one deployment.
 */
export function deploymentKey(
  config: Pick<Config, 'DATABASE_URL'>,
  db: Pick<Database, 'kind'>,
): string {
  let identity: string;
  if (db.kind === 'postgres' && config.DATABASE_URL)
    identity = config.DATABASE_URL;
  else {
    identity = embeddedKeys.get(db) ?? randomUUID();
    embeddedKeys.set(db, identity);
  }
  return createHash('sha1').update(identity).digest('hex').slice(0, 12);
}
