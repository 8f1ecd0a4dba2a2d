/**
 * The embedded PostgreSQL engine, on its own thread: PGlite runs SQL
 * synchronously inside WebAssembly, so on the main thread every query would
 * hold up sockets, offers and pushes. The main thread's side of this is
 * pglite-database.ts; the messages are in pglite-protocol.ts.
 *
 * Statements run as PGlite orders them: one transaction at a time on the
 * engine, the others queued behind it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { QueryResult } from './database';
import {
  toEngineError,
  type EngineReply,
  type EngineRequest,
  type EngineStart,
} from './pglite-protocol';
import { ENGINE_START_PARAMS } from './pglite-cluster';
import { SCALAR_PARSERS } from './type-contract';
import { PreparedStatements } from './pglite-prepared';
import { StatementProfile } from './pglite-statement-profile';

type Runner = Pick<PGlite, 'query' | 'exec'> | Transaction;

async function runQuery(
  runner: Runner,
  sql: string,
  params: unknown[],
): Promise<QueryResult<unknown>> {
  const r = await runner.query(sql, params);
  // PGlite reports affectedRows 0 for SELECT; pg reports the rows returned. Match pg.
  return { rows: r.rows, rowCount: r.rows.length || r.affectedRows || 0 };
}

/** Rejects a transaction's body so PGlite rolls it back. */
const ROLLBACK = Symbol('rollback');

interface OpenTransaction {
  tx: Transaction;
  finish(commit: boolean, replyTo: number): void;
}

/**
 * The open transactions, by the id the main thread gave them. A
 * transaction's first statement begins it (no round trip of its own);
 * PGlite runs one at a time and queues the others.
 */
class Transactions {
  private readonly open = new Map<number, Promise<OpenTransaction>>();

  constructor(
    private readonly db: PGlite,
    private readonly reply: (m: EngineReply) => void,
    private readonly profile: StatementProfile,
  ) {}

  async runner(tx: number, begin?: boolean): Promise<Runner> {
    let open = this.open.get(tx);
    if (!open) {
      if (!begin) throw new Error(`No open transaction ${tx}`);
      open = this.begin();
      this.open.set(tx, open);
    }
    return (await open).tx;
  }

  async end(tx: number, commit: boolean, replyTo: number): Promise<void> {
    const open = this.open.get(tx);
    if (!open) throw new Error(`No open transaction ${tx}`);
    this.open.delete(tx);
    (await open).finish(commit, replyTo);
  }

  private begin(): Promise<OpenTransaction> {
    return new Promise((opened, failed) => {
      let endId = -1;
      let started = false;
      this.db
        .transaction(
          (tx) =>
            new Promise<void>((resolve, reject) => {
              started = true;
              opened({
                tx,
                finish(commit, replyTo) {
                  endId = replyTo;
                  if (commit) resolve();
                  else reject(ROLLBACK);
                },
              });
            }),
        )
        .then(
          () => {
            this.profile.ended('COMMIT');
            this.reply({ id: endId, ok: true });
          },
          (err: unknown) => {
            if (!started) return failed(err);
            this.reply(
              err === ROLLBACK
                ? { id: endId, ok: true }
                : { id: endId, ok: false, error: toEngineError(err) },
            );
          },
        );
    });
  }
}

export async function runEngine(
  parent: NonNullable<typeof parentPort>,
  { pgliteEngine: options, port }: EngineStart,
): Promise<void> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir, {
    parsers: { ...SCALAR_PARSERS },
    startParams: [...PGlite.defaultStartParams, ...ENGINE_START_PARAMS],
    loadDataDir:
      options.template && !hasCluster(options.dataDir)
        ? new Blob([options.template])
        : undefined,
  });
  // workerData lives as long as the thread: let the 40 MB tarball go.
  delete options.template;
  const reply = (m: EngineReply) => port.postMessage(m);
  const fail = (id: number, err: unknown) =>
    reply({ id, ok: false, error: toEngineError(err) });
  const profile = new StatementProfile(
    process.env.PGLITE_STATEMENT_PROFILE === '1',
  );
  const transactions = new Transactions(db, reply, profile);
  const runnerFor = (m: { tx?: number; begin?: boolean }) =>
    m.tx === undefined ? db : transactions.runner(m.tx, m.begin);
  const prepared = new PreparedStatements(db);
  // PGLITE_UNPREPARED=1: PGlite's own query, to compare (bench:queue).
  const unprepared = process.env.PGLITE_UNPREPARED === '1';
  /**
   * A statement holds PGlite's query lock, as PGlite's own `query` does; a
   * lone one also its transaction lock (so it waits for the transaction
   * open) and is written out after, as PGlite writes a lone statement.
   */
  const runStatement = async (m: Extract<EngineRequest, { op: 'query' }>) => {
    if (unprepared) return runQuery(await runnerFor(m), m.sql, m.params);
    const run = async () => {
      const started = performance.now();
      try {
        return await prepared.run(m.sql, m.params);
      } finally {
        profile.ran(m.sql, performance.now() - started);
      }
    };
    if (m.tx !== undefined) {
      await transactions.runner(m.tx, m.begin);
      return db._runExclusiveQuery(run);
    }
    return db._runExclusiveTransaction(() =>
      db._runExclusiveQuery(async () => {
        const result = await run();
        await db.syncToFs();
        return result;
      }),
    );
  };

  const handle = async (m: EngineRequest): Promise<void> => {
    switch (m.op) {
      case 'query': {
        const result = await runStatement(m);
        profile.ended(m.sql);
        return reply({ id: m.id, ok: true, result });
      }
      case 'exec':
        // Migrations and other DDL: statements prepared before may now
        // return other columns, so they are prepared again.
        prepared.invalidate();
        await (await runnerFor(m)).exec(m.sql);
        return reply({ id: m.id, ok: true });
      case 'end':
        return transactions.end(m.tx, m.commit, m.id);
      case 'profile':
        return reply({ id: m.id, ok: true, result: profile.take() });
      case 'close':
        await db.close();
        reply({ id: m.id, ok: true });
        return port.close();
    }
  };
  port.on('message', (m: EngineRequest) => {
    handle(m).catch((err: unknown) => fail(m.id, err));
  });
  parent.postMessage({ ready: true });
}

function hasCluster(dataDir?: string): boolean {
  return !!dataDir && existsSync(path.join(dataDir, 'PG_VERSION'));
}

const channel = parentPort;
if (channel && workerData?.pgliteEngine)
  runEngine(channel, workerData as EngineStart).catch((err: unknown) => {
    // Start-up failed: say why on the channel, then let the thread end.
    channel.postMessage({ ready: false, error: toEngineError(err) });
  });
