import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  openPgliteThread as openPglite,
  type PgliteDatabase,
} from '../../server/db/pglite-database';
import { eventually } from '../support/eventually';

/**
 * The embedded engine on its own thread (server/db/pglite-engine.ts): the
 * main thread keeps running while SQL runs, transactions stay isolated and
 * queued, close drains, and a dead engine is reported rather than hidden.
 */
describe('PGlite on its own thread', () => {
  let db: PgliteDatabase;
  beforeAll(async () => {
    db = await openPglite();
    await db.exec('CREATE TABLE t (id int PRIMARY KEY, note text)');
  }, 120_000);
  afterAll(() => db?.close());

  it('runs a long query without holding up the main thread', async () => {
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const started = performance.now();
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*) AS n FROM generate_series(1, 4000000) g, ' +
        'LATERAL (SELECT md5(g::text)) m',
    );
    const tookMs = performance.now() - started;
    delay.disable();
    expect(rows).toEqual([{ n: 4000000 }]);
    // In-process, the loop would stall for the whole query.
    expect(tookMs).toBeGreaterThan(300);
    expect(delay.max / 1e6).toBeLessThan(Math.max(100, tookMs / 4));
  });

  it('keeps transactions isolated: one at a time, others queued, a rollback leaves nothing', async () => {
    const order: string[] = [];
    let releaseFirst!: () => void;
    const held = new Promise<void>((r) => {
      releaseFirst = r;
    });
    const first = db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (1, $1)', ['first']);
      order.push('first wrote');
      await held;
      order.push('first commits');
    });
    // Let the first take the engine before the second asks.
    await new Promise((r) => setTimeout(r, 50));
    const second = db.transaction(async (tx) => {
      // Its first statement opens it on the engine: that waits for the first.
      const seen = await tx.query('SELECT note FROM t WHERE id = 1');
      order.push('second read');
      await tx.query('INSERT INTO t VALUES (2, $1)', ['second']);
      return seen.rows;
    });
    // On a loaded machine the first's insert may take a while: wait for it,
    // then give the second time it would need to read, were it not queued.
    await eventually(() => order.length > 0, 20_000, 'the first write');
    await new Promise((r) => setTimeout(r, 100));
    expect(order).toEqual(['first wrote']);
    releaseFirst();
    await first;
    expect(await second).toEqual([{ note: 'first' }]);
    expect(order).toEqual(['first wrote', 'first commits', 'second read']);

    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (3, $1)', ['undone']);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const failed = await db
      .transaction((tx) => tx.query('INSERT INTO t VALUES (1, $1)', ['dup']))
      .catch((e: { code?: string; constraint?: string }) => e);
    expect(failed).toMatchObject({ code: '23505', constraint: 't_pkey' });
    const { rows } = await db.query('SELECT id FROM t ORDER BY id');
    expect(rows).toEqual([{ id: 1 }, { id: 2 }]);
  });
});

describe('PGlite engine lifecycle on disk', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'pglite-engine-'));
    dirs.push(d);
    return path.join(d, 'pg');
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('close lets a transaction in flight finish, and its rows are there on reopening', async () => {
    const dir = tempDir();
    const db = await openPglite(dir);
    await db.exec('CREATE TABLE kept (id int)');
    let inside!: () => void;
    const entered = new Promise<void>((r) => {
      inside = r;
    });
    const tx = db.transaction(async (t) => {
      await t.query('INSERT INTO kept VALUES (1)');
      inside();
      await new Promise((r) => setTimeout(r, 200));
      await t.query('INSERT INTO kept VALUES (2)');
    });
    await entered;
    const closed = db.close();
    await tx;
    await closed;
    await expect(db.query('SELECT 1')).rejects.toThrow(/closed/);
    const again = await openPglite(dir);
    try {
      const { rows } = await again.query('SELECT id FROM kept ORDER BY id');
      expect(rows).toEqual([{ id: 1 }, { id: 2 }]);
    } finally {
      await again.close();
    }
  }, 120_000);

  it('starts a new WAL segment without writing its 16 MB of zeros first', async () => {
    // The statement that crossed into a new segment used to write all of it
    // (~20 ms on disk, ~70 ms in memory) while every other statement waited.
    const dir = tempDir();
    const db = await openPglite(dir);
    try {
      const { rows } = await db.query('SHOW wal_init_zero');
      expect(rows).toEqual([{ wal_init_zero: 'off' }]);
      const segments = () =>
        readdirSync(path.join(dir, 'pg_wal')).filter((f) =>
          /^[0-9A-F]{24}$/.test(f),
        );
      const before = new Set(segments());
      await db.query('SELECT pg_switch_wal()');
      await db.exec('CREATE TABLE written_after_the_switch (id int)');
      const fresh = segments().filter((f) => !before.has(f));
      expect(fresh.length).toBeGreaterThan(0);
      for (const f of fresh) {
        const st = statSync(path.join(dir, 'pg_wal', f));
        expect(st.size).toBe(16 * 1024 * 1024);
        // Only what was written is on disk: a hole, not 16 MB of zeros.
        expect(st.blocks * 512).toBeLessThan(st.size / 4);
      }
    } finally {
      await db.close();
    }
  }, 120_000);

  it('a dead engine fails what is in flight and every later call, and says so once', async () => {
    const lost: Error[] = [];
    const db = await openPglite(tempDir(), {
      onEngineLost: (err) => lost.push(err),
    });
    await db.exec('CREATE TABLE acked (id int)');
    await db.query('INSERT INTO acked VALUES (1)');
    const inFlight = db.query('SELECT pg_sleep(2)');
    db.exitEngine();
    await expect(inFlight).rejects.toThrow(/engine stopped/);
    await expect(db.ping()).rejects.toThrow(/engine stopped/);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.message).toMatch(/embedded database engine stopped/);
    await db.close();
  }, 120_000);
});
