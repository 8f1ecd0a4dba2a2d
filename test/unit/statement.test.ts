import { allOrNone } from '../../server/db/statement';
import { statementName } from '../../server/db/postgres-database';

describe('allOrNone', () => {
  it("numbers each part's placeholders after the ones before it, keeping the parameters in order", () => {
    const s = allOrNone(
      [
        { sql: 'INSERT INTO a (x, y) VALUES ($1, $2)', params: ['x', 'y'] },
        {
          sql: 'INSERT INTO b (z) VALUES ($1) RETURNING z, $1::text AS again',
          params: ['z'],
        },
        { sql: 'INSERT INTO c (p, q) VALUES ($2, $1)', params: ['q1', 'p2'] },
      ],
      1,
    );
    expect(s.sql).toBe(
      'WITH w0 AS (INSERT INTO a (x, y) VALUES ($1, $2)),\n' +
        'w1 AS (INSERT INTO b (z) VALUES ($3) RETURNING z, $3::text AS again),\n' +
        'w2 AS (INSERT INTO c (p, q) VALUES ($5, $4))\n' +
        'SELECT * FROM w1',
    );
    expect(s.params).toEqual(['x', 'y', 'z', 'q1', 'p2']);
  });

  it('renumbers two-digit placeholders whole', () => {
    const params = Array.from({ length: 12 }, (_, i) => i + 1);
    const s = allOrNone(
      [
        { sql: 'SELECT 1', params: [] },
        { sql: 'SELECT $1, $12', params: [] },
        { sql: 'SELECT $10, $1', params },
      ],
      2,
    );
    expect(s.sql).toContain('w1 AS (SELECT $1, $12)');
    expect(s.sql).toContain('w2 AS (SELECT $10, $1)');
    const shifted = allOrNone(
      [
        { sql: 'SELECT $1', params: ['a'] },
        { sql: 'SELECT $10, $1', params },
      ],
      1,
    );
    expect(shifted.sql).toContain('w1 AS (SELECT $11, $2)');
  });

  it('refuses to return a part that is not there', () => {
    expect(() => allOrNone([{ sql: 'SELECT 1', params: [] }], 1)).toThrow(
      'no part 1',
    );
  });
});

describe('statementName', () => {
  it('names the same text the same way and different texts differently', () => {
    const a = statementName('SELECT $1::int AS unit_test_a');
    expect(a).toMatch(/^s[0-9a-f]{20}$/);
    expect(statementName('SELECT $1::int AS unit_test_a')).toBe(a);
    expect(statementName('SELECT $1::int AS unit_test_b')).not.toBe(a);
  });
});
