import {
  openPgliteThread as openPglite,
  type PgliteDatabase,
} from '../../server/db/pglite-database';

/**
 * The engine runs statements as named prepared statements
 * (server/db/pglite-prepared.ts): the same text prepared once, run many
 * times. What must not change with that: DDL between runs, more texts than
 * the cache keeps, errors and their fields, and a failing statement inside a
 * transaction.
 */
describe('prepared statements on the engine', () => {
  let db: PgliteDatabase;
  beforeAll(async () => {
    db = await openPglite();
    await db.exec('CREATE TABLE p (id int PRIMARY KEY, note text)');
  }, 120_000);
  afterAll(() => db?.close());

  it('reads what DDL changed since the text was first prepared', async () => {
    await db.query('INSERT INTO p VALUES (1, $1)', ['one']);
    const before = await db.query('SELECT * FROM p WHERE id = $1', [1]);
    expect(before.rows).toEqual([{ id: 1, note: 'one' }]);
    // Through exec (migrations) and through query (DDL as a statement).
    await db.exec('ALTER TABLE p ADD COLUMN n int DEFAULT 7');
    const viaExec = await db.query('SELECT * FROM p WHERE id = $1', [1]);
    expect(viaExec.rows).toEqual([{ id: 1, note: 'one', n: 7 }]);
    await db.query('ALTER TABLE p ADD COLUMN b boolean DEFAULT true');
    const viaQuery = await db.query('SELECT * FROM p WHERE id = $1', [1]);
    expect(viaQuery.rows).toEqual([{ id: 1, note: 'one', n: 7, b: true }]);
  });

  it('gives the right rows for more texts than it keeps prepared', async () => {
    // Distinct texts beyond the cache's capacity (300), then the first again.
    for (let i = 0; i < 320; i++) {
      const { rows } = await db.query<{ v: number; s: string }>(
        `SELECT $1::int + ${i} AS v, $2::text AS s`,
        [i, `x${i}`],
      );
      expect(rows).toEqual([{ v: 2 * i, s: `x${i}` }]);
    }
    const again = await db.query<{ v: number }>('SELECT $1::int + 0 AS v', [5]);
    expect(again.rows).toEqual([{ v: 5 }]);
  });

  it('reports rowCount as pg does, for reads and writes', async () => {
    await db.query('INSERT INTO p (id, note) VALUES (2, $1), (3, $1)', ['x']);
    const upd = await db.query('UPDATE p SET note = $1 WHERE id > $2', [
      'y',
      1,
    ]);
    expect(upd.rowCount).toBe(2);
    const sel = await db.query('SELECT id FROM p ORDER BY id');
    expect(sel).toEqual({
      rows: [{ id: 1 }, { id: 2 }, { id: 3 }],
      rowCount: 3,
    });
  });

  it('keeps an error and its fields, and runs the same text after it', async () => {
    const insert = 'INSERT INTO p (id, note) VALUES ($1, $2)';
    await db.query(insert, [10, 'a']);
    await expect(db.query(insert, [10, 'b'])).rejects.toMatchObject({
      code: '23505',
      constraint: 'p_pkey',
    });
    await db.query(insert, [11, 'c']);
    const { rows } = await db.query(
      'SELECT note FROM p WHERE id = ANY($1) ORDER BY id',
      [[10, 11]],
    );
    expect(rows).toEqual([{ note: 'a' }, { note: 'c' }]);
    await expect(db.query('SELEC 1')).rejects.toMatchObject({
      code: '42601',
    });
  });

  it('rolls back a transaction whose prepared statement failed', async () => {
    const insert = 'INSERT INTO p (id, note) VALUES ($1, $2)';
    await expect(
      db.transaction(async (tx) => {
        await tx.query(insert, [20, 'kept?']);
        await tx.query(insert, [10, 'duplicate']);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    const { rows } = await db.query('SELECT id FROM p WHERE id = $1', [20]);
    expect(rows).toEqual([]);
    // The engine is usable afterwards, in and out of transactions.
    await db.transaction((tx) => tx.query(insert, [21, 'in']));
    const after = await db.query('SELECT note FROM p WHERE id = $1', [21]);
    expect(after.rows).toEqual([{ note: 'in' }]);
  });
});
