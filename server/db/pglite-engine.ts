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
  type EngineOptions,
  type EngineReply,
  type EngineRequest,
} from './pglite-protocol';
import { ENGINE_START_PARAMS } from './pglite-cluster';
import { SCALAR_PARSERS } from './type-contract';

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

export async function runEngine(
  port: NonNullable<typeof parentPort>,
  options: EngineOptions,
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
  const transactions = new Map<number, OpenTransaction>();
  let nextTx = 1;
  const reply = (m: EngineReply) => port.postMessage(m);
  const fail = (id: number, err: unknown) =>
    reply({ id, ok: false, error: toEngineError(err) });
  const runnerFor = (tx?: number): Runner => {
    if (tx === undefined) return db;
    const open = transactions.get(tx);
    if (!open) throw new Error(`No open transaction ${tx}`);
    return open.tx;
  };

  const begin = (id: number) => {
    const txId = nextTx++;
    let endId = -1;
    db.transaction(
      (tx) =>
        new Promise<void>((resolve, reject) => {
          transactions.set(txId, {
            tx,
            finish(commit, replyTo) {
              endId = replyTo;
              if (commit) resolve();
              else reject(ROLLBACK);
            },
          });
          reply({ id, ok: true, result: txId });
        }),
    ).then(
      () => reply({ id: endId, ok: true }),
      (err: unknown) =>
        err === ROLLBACK ? reply({ id: endId, ok: true }) : fail(endId, err),
    );
  };

  const handle = async (m: EngineRequest): Promise<void> => {
    switch (m.op) {
      case 'query':
        return reply({
          id: m.id,
          ok: true,
          result: await runQuery(runnerFor(m.tx), m.sql, m.params),
        });
      case 'exec':
        await runnerFor(m.tx).exec(m.sql);
        return reply({ id: m.id, ok: true });
      case 'begin':
        return begin(m.id);
      case 'end': {
        const open = transactions.get(m.tx);
        if (!open) throw new Error(`No open transaction ${m.tx}`);
        transactions.delete(m.tx);
        return open.finish(m.commit, m.id);
      }
      case 'close':
        await db.close();
        reply({ id: m.id, ok: true });
        return port.close();
    }
  };
  port.on('message', (m: EngineRequest) => {
    handle(m).catch((err: unknown) => fail(m.id, err));
  });
  port.postMessage({ ready: true });
}

function hasCluster(dataDir?: string): boolean {
  return !!dataDir && existsSync(path.join(dataDir, 'PG_VERSION'));
}

const channel = parentPort;
if (channel && workerData?.pgliteEngine)
  runEngine(channel, workerData.pgliteEngine as EngineOptions).catch(
    (err: unknown) => {
      // Start-up failed: say why on the channel, then let the thread end.
      channel.postMessage({ ready: false, error: toEngineError(err) });
    },
  );
