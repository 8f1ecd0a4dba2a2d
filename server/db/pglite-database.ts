import { existsSync } from 'node:fs';
import path from 'node:path';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import type { Database, Queryable, QueryResult } from './database';
import { createClusterIn, freshClusterTemplate } from './pglite-cluster';
import { type Call, EngineChannel } from './pglite-channel';
import {
  fromEngineError,
  type EngineError,
  type EngineStart,
} from './pglite-protocol';
import { toParam } from './type-contract';

export interface PgliteOptions {
  /**
   * Run the engine on the calling thread instead of its own: every query
   * then holds up the event loop. Kept to compare the two (bench:queue).
   */
  main?: boolean;
  /**
   * The engine thread died (not closed by us). Every statement in flight has
   * failed and every later one fails; the process should stop rather than
   * answer from state it can no longer write.
   */
  onEngineLost?: (err: Error) => void;
}

export interface PgliteDatabase extends Database {
  /** Kills the engine thread abruptly, as a crash would (tests). */
  exitEngine(): void;
}

/** How long close() waits for statements and transactions in flight. */
const DRAIN_MS = 10_000;

/**
 * The engine thread: the compiled .js next to this file in the built server;
 * under tsx or jest, the .ts source through tsx's loader (a worker cannot
 * be pointed at a .ts file directly).
 */
function engineWorker(workerData: EngineStart, port: MessagePort): Worker {
  const ext = path.extname(__filename);
  const file = path.join(__dirname, `pglite-engine${ext}`);
  // The template moves to the engine rather than being copied.
  const template = workerData.pgliteEngine.template?.buffer;
  const options = {
    workerData,
    transferList: template ? [port, template] : [port],
  };
  if (ext !== '.ts') return new Worker(file, options);
  const boot = `require(${JSON.stringify(require.resolve('tsx/cjs'))});
require(${JSON.stringify(file)});`;
  return new Worker(boot, { eval: true, ...options });
}

/** A transaction as the main thread sees it. */
interface TxState {
  readonly id: number;
  /** Its first statement has been sent (and with it, the engine's BEGIN). */
  begun: boolean;
}

/**
 * Lone statements, or a transaction's: its first carries `begin`, which
 * opens the transaction on the engine without a round trip of its own (the
 * engine would otherwise be held, idle, while the main loop got round to
 * the begin's reply).
 */
function queryable(channel: EngineChannel, tx?: TxState): Queryable {
  /** A transaction's statement: its id, and `begin` on the first. */
  const inTx = <R extends Call>(req: R): R => {
    if (!tx) return req;
    const first = !tx.begun;
    tx.begun = true;
    return { ...req, tx: tx.id, ...(first ? { begin: true } : {}) };
  };
  return {
    query<T>(sql: string, params?: readonly unknown[]) {
      return channel.call<QueryResult<T>>(
        inTx({ op: 'query', sql, params: params?.map(toParam) ?? [] }),
      );
    },
    exec(sql: string) {
      return channel.call<void>(inTx({ op: 'exec', sql }));
    },
  };
}

function startEngine(start: EngineStart, port: MessagePort): Promise<Worker> {
  const worker = engineWorker(start, port);
  return new Promise<Worker>((resolve, reject) => {
    const fail = (err: Error) => {
      void worker.terminate();
      reject(new Error(`The embedded database did not start: ${err.message}`));
    };
    const exit = (code: number) =>
      fail(new Error(`the engine thread exited with code ${code}`));
    worker.once('message', (m: { ready: boolean; error?: EngineError }) => {
      worker.off('error', fail);
      worker.off('exit', exit);
      if (m.ready) resolve(worker);
      else fail(fromEngineError(m.error ?? { message: 'unknown', fields: {} }));
    });
    worker.once('error', fail);
    worker.once('exit', exit);
  });
}

/**
 * Embedded PostgreSQL (PGlite) for `npm start` with nothing installed: on
 * its own thread (pglite-engine.ts) by default, on this one
 * (pglite-inline.ts) with `main`. `dataDir` undefined keeps it in memory (tests); otherwise
 * it persists on disk. A new cluster is made in a child process
 * (pglite-cluster.ts), whose initdb memory goes when it ends.
 */
export async function openPglite(
  dataDir?: string,
  opts: PgliteOptions = {},
): Promise<Database> {
  if (!opts.main) return openPgliteThread(dataDir, opts);
  await ensureCluster(dataDir);
  // Loaded only here: the default engine's process never needs PGlite on
  // its main thread. require, not import(): under tsx/cjs (tests, the
  // server process in tests) import() would resolve as ESM, without the
  // .ts extension.
  const { openPgliteInline } =
    require('./pglite-inline') as typeof import('./pglite-inline');
  return openPgliteInline(dataDir);
}

async function ensureCluster(dataDir?: string): Promise<void> {
  if (dataDir && !existsSync(path.join(dataDir, 'PG_VERSION')))
    await createClusterIn(dataDir);
}

/**
 * The statements, the first opening the transaction on the engine, then
 * end (commit or roll back). One that sent nothing sends no end either.
 */
async function runTransaction<T>(
  channel: EngineChannel,
  fn: (tx: Queryable) => Promise<T>,
): Promise<T> {
  const tx: TxState = { id: channel.nextTransactionId++, begun: false };
  channel.openTransactions++;
  try {
    let result: T;
    try {
      result = await fn(queryable(channel, tx));
    } catch (err) {
      if (tx.begun)
        await channel
          .call({ op: 'end', tx: tx.id, commit: false })
          .catch(() => undefined);
      throw err;
    }
    if (tx.begun) await channel.call({ op: 'end', tx: tx.id, commit: true });
    return result;
  } finally {
    channel.openTransactions--;
    channel.checkDrained();
  }
}

/** PGlite on its own thread; the main thread never executes SQL. */
export async function openPgliteThread(
  dataDir?: string,
  opts: Omit<PgliteOptions, 'main'> = {},
): Promise<PgliteDatabase> {
  await ensureCluster(dataDir);
  const { port1, port2 } = new MessageChannel();
  const options = dataDir
    ? { dataDir }
    : { template: await freshClusterTemplate() };
  const worker = await startEngine(
    { pgliteEngine: options, port: port2 },
    port2,
  );
  const channel = new EngineChannel(
    worker,
    port1,
    opts.onEngineLost ?? (() => undefined),
  );
  const base = queryable(channel);
  return {
    kind: 'pglite',
    ...base,
    transaction: (fn) => runTransaction(channel, fn),
    async ping() {
      await base.query('SELECT 1');
    },
    engineProfile: () => channel.call({ op: 'profile' }),
    close: () => channel.stop(DRAIN_MS),
    exitEngine: () => channel.exitEngine(),
  };
}
