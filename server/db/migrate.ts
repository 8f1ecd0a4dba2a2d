import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from './database';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Migrations are plain SQL files `NNN_name.sql`, kept in the source tree (also used by the built server). */
export function migrationsDir(): string {
  const candidates = [
    path.join(__dirname, 'migrations'),
    path.resolve(__dirname, '../../../server/db/migrations'),
  ];
  const found = candidates.find(
    (d) => existsSync(d) && readdirSync(d).some((f) => f.endsWith('.sql')),
  );
  if (!found)
    throw new Error(`No migrations found (looked in ${candidates.join(', ')})`);
  return found;
}

export function loadMigrations(dir = migrationsDir()): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: Number(f.slice(0, 3)),
      name: f.replace(/\.sql$/, ''),
      sql: readFileSync(path.join(dir, f), 'utf8'),
    }));
  const seen = new Set<number>();
  for (const m of migrations) {
    if (seen.has(m.version))
      throw new Error(`Two migrations share version ${m.version}`);
    seen.add(m.version);
  }
  return migrations;
}

/**
 * Applies pending migrations, one transaction each. An advisory lock makes
 * concurrent starts of several instances safe: the loser waits, re-reads and
 * finds nothing left to do.
 */
export async function migrate(
  db: Database,
  migrations = loadMigrations(),
): Promise<number[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: number[] = [];
  for (const m of migrations) {
    const did = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(72390001)');
      const { rows } = await tx.query(
        'SELECT 1 FROM schema_migrations WHERE version = $1',
        [m.version],
      );
      if (rows.length) return false;
      await tx.exec(m.sql);
      await tx.query(
        'INSERT INTO schema_migrations (version, name) VALUES ($1, $2)',
        [m.version, m.name],
      );
      return true;
    });
    if (did) applied.push(m.version);
  }
  return applied;
}
