import { loadMigrations, migrate } from '../../server/db/migrate';
import { STORE_KINDS, openTestDatabase } from '../support/databases';
import { DEMO_ACCOUNTS, seedDemo } from '../../server/seed';

describe.each(STORE_KINDS)('migrations and seed on %s', (kind) => {
  it('applies every migration once and is idempotent, as is the seed', async () => {
    const db = await openTestDatabase(kind);
    try {
      const { rows } = await db.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(rows.map((r) => r.version)).toEqual(
        loadMigrations().map((m) => m.version),
      );
      expect(await migrate(db)).toEqual([]);
      expect(await seedDemo(db)).toEqual({ created: true });
      expect(await seedDemo(db)).toEqual({ created: false });
      const users = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM users',
      );
      expect(users.rows[0]!.n).toBe(DEMO_ACCOUNTS.length);
    } finally {
      await db.close();
    }
    // Argon2 hashes for the seed's accounts take a while on a busy machine.
  }, 120_000);

  it('rolls a failing migration back whole', async () => {
    const db = await openTestDatabase(kind);
    try {
      const bad = [
        {
          version: 999,
          name: '999_bad',
          sql: 'CREATE TABLE half_done (id int); SELECT no_such_function();',
        },
      ];
      await expect(migrate(db, bad)).rejects.toThrow();
      const t = await db.query(
        `SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'`,
      );
      expect(t.rowCount).toBe(0);
      const v = await db.query(
        'SELECT 1 FROM schema_migrations WHERE version = 999',
      );
      expect(v.rowCount).toBe(0);
    } finally {
      await db.close();
    }
  }, 120_000);
});
