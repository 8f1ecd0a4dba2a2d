import { randomUUID } from 'node:crypto';
import type { Database } from '../../server/db/database';
import { openTestDatabase, type StoreKind } from './databases';
import { seedKpiProgram } from './kpi-fixture-program';

/**
 * The KPI fixture program on a fresh database of the given kind for the
 * enclosing describe block: seeded in its beforeAll, closed in its afterAll.
 */
export function kpiFixtureDatabase(store: StoreKind): {
  readonly db: Database;
  readonly programId: string;
} {
  const programId = randomUUID();
  let db: Database | undefined;
  beforeAll(async () => {
    db = await openTestDatabase(store);
    await seedKpiProgram(db, programId);
  }, 120_000);
  afterAll(() => db?.close());
  return {
    programId,
    get db() {
      if (!db) throw new Error('the KPI fixture database is not open yet');
      return db;
    },
  };
}
