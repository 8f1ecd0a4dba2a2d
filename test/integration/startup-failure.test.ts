import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate } from '../../server/db/migrate';
import { openPglite } from '../../server/db/pglite-database';
import { freePort } from '../support/free-port';
import { startServerProcess } from '../support/server-process';

/**
 * A start that fails half-way (here: the embedded database under DATA_DIR
 * has lost the record of its first migration, so re-applying it fails on a
 * table that already exists) closes what it opened: the engine thread ends,
 * the data directory's lock is released, and the process exits non-zero at
 * once with one sentence on stderr instead of hanging or leaving a lock.
 */
describe('a start-up that fails after the database is open', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pa-start-fail-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    const db = await openPglite(path.join(dir, 'pg'), { main: true });
    try {
      await migrate(db);
      await db.query('DELETE FROM schema_migrations WHERE version = 1');
    } finally {
      await db.close();
    }
  });

  it('closes the engine, releases the lock, says why and exits 1', async () => {
    const server = startServerProcess(
      {
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(await freePort()),
        SEED_DEMO: 'true',
        DATA_DIR: dir,
      },
      'warn',
    );
    // Never ready: the promise rejects when the process exits. A hang
    // (an engine thread left running) fails on the test's timeout instead.
    await expect(server.ready).rejects.toThrow(/exited 1/);
    expect(await server.exited).toBe(1);
    // A forced exit without closing would leave the lock file behind.
    expect(existsSync(path.join(dir, 'server.lock'))).toBe(false);
    const stderrLines = server
      .output()
      .split('\n')
      .filter((l) => l.startsWith('The server did not start'));
    expect(stderrLines).toEqual([
      expect.stringMatching(
        /^The server did not start: the database schema could not be brought up to date \(.*"programs" already exists\)\. Nothing was left running\.$/,
      ),
    ]);
    // The failed start wrote nothing: the same directory opens and still
    // lacks only the first migration's record.
    const db = await openPglite(path.join(dir, 'pg'), { main: true });
    try {
      const { rows } = await db.query<{ version: number }>(
        'SELECT version FROM schema_migrations WHERE version = 1',
      );
      expect(rows).toEqual([]);
    } finally {
      await db.close();
    }
  }, 120_000);
});
