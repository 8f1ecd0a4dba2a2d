import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Database } from '../../server/db/database';
import { migrate } from '../../server/db/migrate';
import { openPglite } from '../../server/db/pglite-database';
import { openPostgres } from '../../server/db/postgres-database';

export type StoreKind = 'postgres' | 'pglite';
export const STORE_KINDS: StoreKind[] = ['postgres', 'pglite'];

function serverUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url)
    throw new Error(
      'TEST_POSTGRES_URL is not set: run tests through jest (test/support/global-setup.ts starts PostgreSQL).',
    );
  return url;
}

/** A new, empty database on the run's real PostgreSQL server. */
export async function freshPostgresUrl(): Promise<string> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(serverUrl());
  u.pathname = `/${name}`;
  return u.toString();
}

/** A migrated, empty database of the given kind. */
export async function openTestDatabase(kind: StoreKind): Promise<Database> {
  const db =
    kind === 'postgres'
      ? await openPostgres(await freshPostgresUrl(), 10)
      : await openPglite();
  await migrate(db);
  return db;
}
