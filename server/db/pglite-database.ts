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
import { openPgliteInline } from './pglite-inline';
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
 * How long one transaction may hold this thread waiting for its replies
 * (pglite-channel.ts, `callNow`): enough for the few short statements of a
 * repository operation; past it, the rest of the transaction waits for its
 * replies as messages, so a long one cannot stall the event loop.
 */
const TRANSACTION_WAIT_MS = 8;

/**
 * The engine thread: the compiled .js next to this file in the built server;
 * under tsx or jest, the .ts source through tsx's loader (a worker cannot
 * be pointed at a .ts file directly).
 */
function engineWorker(workerData: EngineStart, port: MessagePort): Worker {
  const ext = path.extname(__filename);
  const file = path.join(__dirname, `pglite-engine${ext}`);
  const options = { workerData, transferList: [port] };
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
  /** What is left of its time to wait for replies on this thread. */
  waitMs: number;
}

/**
 * A transaction's statements wait for their replies on this thread while
 * its budget lasts, when the engine runs them at once: every one after the
 * first (the engine is the transaction's), and the first if nothing else is
 * in flight. Lone statements always come back as messages.
 */
function queryable(channel: EngineChannel, tx?: TxState): Queryable {
  const send = <T>(req: Call): Promise<T> => {
    if (!tx) return channel.call<T>(req);
    const first = !tx.begun;
    const now = tx.waitMs > 0 && (!first || channel.idle);
    if (first) {
      tx.begun = true;
      channel.transactionsOnEngine++;
    }
    const r = { ...req, tx: tx.id, ...(first ? { begin: true } : {}) };
    if (!now) return channel.call<T>(r);
    const { promise, ms } = channel.callNow<T>(r, tx.waitMs);
    tx.waitMs -= ms;
    return promise;
  };
  return {
    query<T>(sql: string, params?: readonly unknown[]) {
      return send<QueryResult<T>>({
        op: 'query',
        sql,
        params: params?.map(toParam) ?? [],
      });
    },
    exec(sql: string) {
      return send<void>({ op: 'exec', sql });
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
 * this thread (pglite-inline.ts) by default, on its own (pglite-engine.ts)
 * with `thread`. `dataDir` undefined keeps it in memory (tests); otherwise
 * it persists on disk. A new cluster is made in a child process
 * (pglite-cluster.ts), whose initdb memory goes when it ends.
 */
export async function openPglite(
  dataDir?: string,
  opts: PgliteOptions = {},
): Promise<Database> {
  if (!opts.main) return openPgliteThread(dataDir, opts);
  await ensureCluster(dataDir);
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
  const tx: TxState = {
    id: channel.nextTransactionId++,
    begun: false,
    waitMs: TRANSACTION_WAIT_MS,
  };
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
    if (tx.begun) channel.transactionsOnEngine--;
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
  const signal = new SharedArrayBuffer(4);
  const options = dataDir
    ? { dataDir }
    : { template: await freshClusterTemplate() };
  const worker = await startEngine(
    { pgliteEngine: options, port: port2, signal },
    port2,
  );
  const channel = new EngineChannel(
    worker,
    port1,
    signal,
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
    close: () => channel.stop(DRAIN_MS),
    exitEngine: () => channel.exitEngine(),
  };
}
