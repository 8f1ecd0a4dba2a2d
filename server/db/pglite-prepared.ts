/**
 * The engine's statements as named prepared statements: PGlite's own
 * `query` parses, analyses and plans every statement from its text each time
 * (an unnamed statement) in six trips into WebAssembly. Measured on the
 * engine, that was most of a short statement's cost (the session check:
 * 0.5-0.6 ms of CPU by `query`, 0.08-0.10 ms prepared; docs/database.md,
 * "third pass"). Here a statement is parsed and described once per text,
 * then each run is one Bind + Execute + Sync. PostgreSQL's plan cache
 * decides, as for any prepared statement, between a plan per run and a
 * generic one; schema changes replan it.
 *
 * Not thread-safe by itself: the caller holds PGlite's locks (see run()).
 */
import {
  type PGlite,
  parse,
  protocol,
  type Results,
} from '@electric-sql/pglite';
import type { QueryResult } from './database';

const { serialize } = protocol;

type BackendMessage = Awaited<
  ReturnType<PGlite['execProtocol']>
>['messages'][number];

/** What a prepared text needs at each run: its name, parameter and row types. */
interface Prepared {
  name: string;
  paramTypes: number[];
  /** The RowDescription (undefined: the statement returns no rows). */
  rows?: BackendMessage;
}

/** Distinct texts kept prepared; the least recently run goes first. */
const CAPACITY = 300;

/**
 * Only plain data statements are prepared: a prepared statement fails
 * ("cached plan must not change result type") once DDL changes what it
 * returns, so DDL and the like run unnamed and clear the cache.
 */
const PREPARABLE = /^\s*(select|insert|update|delete|with|values)\b/i;

/** PostgreSQL's codes for a prepared statement that went stale or missing. */
const STALE = new Set(['0A000', '26000']);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function toResult(r: Results): QueryResult<unknown> {
  // PGlite reports affectedRows 0 for SELECT; pg reports the rows returned.
  return { rows: r.rows, rowCount: r.rows.length || r.affectedRows || 0 };
}

export class PreparedStatements {
  private readonly cache = new Map<string, Prepared>();
  /** Evicted or invalidated names, closed with the next statement sent. */
  private closing: string[] = [];
  private serial = 0;

  constructor(private readonly db: PGlite) {}

  /** Statements run since the engine started: prepared, and parsed anew. */
  readonly counts = { prepared: 0, parsed: 0 };

  /**
   * Runs one statement. The caller holds PGlite's query lock, and its
   * transaction lock too when the statement is not part of a transaction.
   */
  async run(sql: string, params: unknown[]): Promise<QueryResult<unknown>> {
    if (!PREPARABLE.test(sql)) {
      // DDL may change what cached statements return: start afresh.
      this.invalidate();
      const r = await this.unnamed(sql, params);
      return r;
    }
    const hit = this.cache.get(sql);
    const p = hit ?? (await this.prepare(sql));
    if (hit) {
      // Most recently used last, so eviction takes the oldest.
      this.cache.delete(sql);
      this.cache.set(sql, hit);
    }
    try {
      return await this.execute(p, params);
    } catch (err) {
      if (STALE.has((err as { code?: string }).code ?? '')) this.forget(sql);
      throw err;
    }
  }

  /** After DDL (migrations run as exec): every cached statement goes. */
  invalidate(): void {
    for (const [sql] of this.cache) this.forget(sql);
  }

  private forget(sql: string): void {
    const p = this.cache.get(sql);
    if (!p) return;
    this.cache.delete(sql);
    this.closing.push(p.name);
  }

  /** Close messages for statements no longer cached (no error if absent). */
  private closes(): Uint8Array[] {
    const out = this.closing.map((name) =>
      serialize.close({ type: 'S', name }),
    );
    this.closing = [];
    return out;
  }

  private async prepare(sql: string): Promise<Prepared> {
    const name = `pa_${++this.serial}`;
    const { messages } = await this.db.execProtocol(
      concat([
        ...this.closes(),
        serialize.parse({ name, text: sql }),
        serialize.describe({ type: 'S', name }),
        serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const p: Prepared = {
      name,
      paramTypes: parse.parseDescribeStatementResults(messages),
      rows: messages.find((m) => m.name === 'rowDescription'),
    };
    this.cache.set(sql, p);
    if (this.cache.size > CAPACITY)
      this.forget(this.cache.keys().next().value as string);
    return p;
  }

  private async execute(
    p: Prepared,
    params: unknown[],
  ): Promise<QueryResult<unknown>> {
    this.counts.prepared++;
    const values = this.values(params, p.paramTypes);
    const { messages } = await this.db.execProtocol(
      concat([
        ...this.closes(),
        serialize.bind({ statement: p.name, values }),
        serialize.execute({}),
        serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const all = p.rows ? [p.rows, ...messages] : messages;
    return toResult(parse.parseResults(all, this.db.parsers)[0]!);
  }

  /** A statement that is not kept: PGlite's own path. */
  private async unnamed(
    sql: string,
    params: unknown[],
  ): Promise<QueryResult<unknown>> {
    this.counts.parsed++;
    const { messages } = await this.db.execProtocol(
      concat([
        ...this.closes(),
        serialize.parse({ text: sql }),
        serialize.describe({ type: 'S' }),
        serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const types = parse.parseDescribeStatementResults(messages);
    const rows = messages.find((m) => m.name === 'rowDescription');
    const run = await this.db.execProtocol(
      concat([
        serialize.bind({ values: this.values(params, types) }),
        serialize.execute({}),
        serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const all = rows ? [rows, ...run.messages] : run.messages;
    return toResult(parse.parseResults(all, this.db.parsers)[0]!);
  }

  /** Parameters written as PGlite's query writes them, by their type. */
  private values(params: unknown[], types: number[]): (string | null)[] {
    return params.map((param, i) => {
      if (param === null || param === undefined) return null;
      const write = this.db.serializers[types[i]!];
      return write ? write(param) : String(param);
    });
  }
}
