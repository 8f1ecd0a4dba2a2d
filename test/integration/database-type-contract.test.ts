import type { Database } from '../../server/db/database';
import { openPglite } from '../../server/db/pglite-database';
import { openPostgres } from '../../server/db/postgres-database';
import { freshPostgresUrl } from '../support/databases';

/**
 * The type contract of server/db/type-contract.ts: every column type our
 * migrations use (and what our queries compute from them: counts, sums,
 * epochs, intervals, aggregates into arrays and JSON) reads back as the same
 * JS value through both adapters, and parameters go in the same way.
 */
const TABLE = `CREATE TABLE contract_row (
  id bigserial PRIMARY KEY,
  ref uuid NOT NULL UNIQUE,
  name text NOT NULL,
  state char(2) NOT NULL,
  tags text[] NOT NULL DEFAULT '{}',
  minutes integer,
  active boolean NOT NULL,
  born date,
  at timestamptz NOT NULL,
  detail jsonb
)`;

const INSERT = `INSERT INTO contract_row
  (ref, name, state, tags, minutes, active, born, at, detail)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`;

const AT = new Date('2026-12-03T08:15:42.123Z');
const ROWS: unknown[][] = [
  [
    '00000000-0000-4000-8000-000000000001',
    'Zoë "Q" \\ O\'Neil',
    'MA',
    ['child', 'adult', 'with, comma', 'quote"d', ''],
    12,
    true,
    '2011-04-02',
    AT,
    { kind: 'call', seconds: 720, nested: { ok: true, list: [1, 'a'] } },
  ],
  [
    '00000000-0000-4000-8000-000000000002',
    'Second',
    'NH',
    [],
    null,
    false,
    null,
    '2026-01-31T23:59:59.999+05:00',
    null,
  ],
];

const READ = `SELECT id, ref, name, state, tags, minutes, active, born, at,
  detail, detail->'nested' AS nested, detail->>'kind' AS kind
  FROM contract_row ORDER BY id`;

const COMPUTED = `SELECT count(*) AS n, sum(minutes) AS minutes_sum,
  sum(id) AS id_sum, avg(minutes) AS minutes_avg,
  extract(epoch FROM max(at)) AS epoch, max(at) - min(at) AS span,
  array_agg(born ORDER BY id) AS borns, array_agg(at ORDER BY id) AS ats,
  array_agg(minutes ORDER BY id) AS minutes_list,
  array_agg(active ORDER BY id) AS actives,
  json_agg(json_build_object('born', born) ORDER BY id) AS born_json,
  1.5::float8 AS float, 2.50::numeric(6, 2) AS money,
  '13:30'::time AS clock, (max(born) + 1) AS next_day,
  max(at)::date AS at_day
  FROM contract_row`;

async function readBack(db: Database) {
  await db.exec(TABLE);
  const inserted = [];
  for (const params of ROWS) inserted.push(await db.query(INSERT, params));
  const rows = await db.query(READ);
  const computed = await db.query(COMPUTED);
  const updated = await db.query(
    'UPDATE contract_row SET minutes = minutes + $1 WHERE active = $2',
    [1, true],
  );
  const inTx = await db.transaction((tx) =>
    tx.query<{ tags: string[] }>(
      'SELECT tags FROM contract_row WHERE ref = ANY($1::uuid[])',
      [[ROWS[0]![0]]],
    ),
  );
  const violation = await db
    .query(INSERT, ROWS[0])
    .then(() => null)
    .catch((e: { code?: string; constraint?: string }) => ({
      code: e.code,
      constraint: e.constraint,
    }));
  return {
    inserted: inserted.map((r) => [r.rows, r.rowCount]),
    rows: rows.rows,
    computed: computed.rows[0],
    updated: updated.rowCount,
    inTx: inTx.rows,
    violation,
  };
}

describe('one type contract for PostgreSQL and PGlite', () => {
  let postgres: Database, pglite: Database;
  beforeAll(async () => {
    [postgres, pglite] = await Promise.all([
      freshPostgresUrl().then((url) => openPostgres(url, 2)),
      openPglite(),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([postgres?.close(), pglite?.close()]);
  });

  it('reads every column type back as the same JS value on both', async () => {
    const [onPostgres, onPglite] = await Promise.all([
      readBack(postgres),
      readBack(pglite),
    ]);
    expect(onPglite).toEqual(onPostgres);
    // And the values are the ones the contract promises, not just equal.
    const [first, second] = onPostgres.rows as Record<string, unknown>[];
    expect(first).toEqual({
      id: 1,
      ref: ROWS[0]![0],
      name: ROWS[0]![1],
      state: 'MA',
      tags: ROWS[0]![3],
      minutes: 12,
      active: true,
      born: '2011-04-02',
      at: AT,
      detail: ROWS[0]![8],
      nested: { ok: true, list: [1, 'a'] },
      kind: 'call',
    });
    expect(second).toMatchObject({
      tags: [],
      minutes: null,
      born: null,
      at: new Date('2026-01-31T18:59:59.999Z'),
      detail: null,
    });
    expect(onPostgres.computed).toEqual({
      n: 2,
      minutes_sum: 12,
      id_sum: '3',
      minutes_avg: '12.0000000000000000',
      epoch: `${AT.getTime() / 1000}000`,
      span: expect.stringMatching(/^305 days \d\d:\d\d:\d\d\.124$/),
      borns: ['2011-04-02', null],
      ats: [AT, new Date('2026-01-31T18:59:59.999Z')],
      minutes_list: [12, null],
      actives: [true, false],
      born_json: [{ born: '2011-04-02' }, { born: null }],
      float: 1.5,
      money: '2.50',
      clock: '13:30:00',
      next_day: '2011-04-03',
      at_day: '2026-12-03',
    });
    expect(onPostgres.inserted).toEqual([
      [[{ id: 1 }], 1],
      [[{ id: 2 }], 1],
    ]);
    expect(onPostgres.updated).toBe(1);
    expect(onPostgres.inTx).toEqual([{ tags: ROWS[0]![3] }]);
    expect(onPostgres.violation).toEqual({
      code: '23505',
      constraint: 'contract_row_ref_key',
    });
  });
});
