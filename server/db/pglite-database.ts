import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Database, Queryable, QueryResult } from './database';
import { createClusterIn, freshClusterTemplate } from './pglite-cluster';
import {
  fromEngineError,
  type EngineError,
  type EngineOptions,
  type EngineReply,
  type EngineRequest,
} from './pglite-protocol';
import { openPgliteInline } from './pglite-inline';
import { toParam } from './type-contract';

/** A request without its id (distributive, so each op keeps its fields). */
type Call = EngineRequest extends infer R
  ? R extends EngineRequest
    ? Omit<R, 'id'>
    : never
  : never;

export interface PgliteOptions {
  /**
   * Run the engine on its own thread. Off by default for now: under load
   * each statement then waits for a turn of the main loop while a
   * transaction holds the engine (docs/database.md has the figures).
   */
  thread?: boolean;
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
function engineWorker(options: EngineOptions): Worker {
  const ext = path.extname(__filename);
  const file = path.join(__dirname, `pglite-engine${ext}`);
  const workerData = { pgliteEngine: options };
  if (ext !== '.ts') return new Worker(file, { workerData });
  const boot = `require(${JSON.stringify(require.resolve('tsx/cjs'))});
require(${JSON.stringify(file)});`;
  return new Worker(boot, { eval: true, workerData });
}

/** The main thread's end of the channel: ids, replies, and the engine's death. */
class EngineChannel {
  private readonly pending = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void }
  >();
  private nextId = 1;
  private lost: Error | null = null;
  private stopping = false;
  private drained: (() => void) | null = null;
  openTransactions = 0;
  readonly exited: Promise<void>;

  constructor(
    private readonly worker: Worker,
    private readonly onLost: (err: Error) => void,
  ) {
    worker.on('message', (m: EngineReply) => this.settle(m));
    worker.on('error', (err) => this.die(err));
    this.exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        this.die(new Error(`the engine thread exited with code ${code}`));
        resolve();
      }),
    );
  }

  call<T>(req: Call): Promise<T> {
    if (this.lost) return Promise.reject(this.lost);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
      });
      this.worker.postMessage({ ...req, id });
    });
  }

  private settle(m: EngineReply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.ok) p.resolve(m.result);
    else p.reject(fromEngineError(m.error));
    this.checkDrained();
  }

  checkDrained(): void {
    if (this.drained && !this.pending.size && !this.openTransactions)
      this.drained();
  }

  /** Resolves once nothing is in flight (or after `ms`). */
  drain(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.drained = () => {
        clearTimeout(timer);
        resolve();
      };
      this.checkDrained();
    });
  }

  private die(err: Error): void {
    if (this.lost) return;
    this.lost = this.stopping
      ? new Error('The embedded database is closed')
      : new Error(`The embedded database engine stopped: ${err.message}`);
    for (const p of this.pending.values()) p.reject(this.lost);
    this.pending.clear();
    if (!this.stopping) this.onLost(this.lost);
  }

  async stop(): Promise<void> {
    await this.drain(DRAIN_MS);
    const closed = this.call({ op: 'close' }).catch(() => undefined);
    this.stopping = true;
    await closed;
    const timer = setTimeout(() => void this.worker.terminate(), 5_000);
    await this.exited;
    clearTimeout(timer);
  }

  exitEngine(): void {
    // Stops the thread wherever it is, even inside a statement.
    void this.worker.terminate();
  }
}

function queryable(channel: EngineChannel, tx?: number): Queryable {
  return {
    query<T>(sql: string, params?: readonly unknown[]) {
      return channel.call<QueryResult<T>>({
        op: 'query',
        sql,
        params: params?.map(toParam) ?? [],
        tx,
      });
    },
    exec(sql: string) {
      return channel.call<void>({ op: 'exec', sql, tx });
    },
  };
}

function startEngine(options: EngineOptions): Promise<Worker> {
  const worker = engineWorker(options);
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
  if (opts.thread) return openPgliteThread(dataDir, opts);
  await ensureCluster(dataDir);
  return openPgliteInline(dataDir);
}

async function ensureCluster(dataDir?: string): Promise<void> {
  if (dataDir && !existsSync(path.join(dataDir, 'PG_VERSION')))
    await createClusterIn(dataDir);
}

/** PGlite on its own thread; the main thread never executes SQL. */
export async function openPgliteThread(
  dataDir?: string,
  opts: Omit<PgliteOptions, 'thread'> = {},
): Promise<PgliteDatabase> {
  await ensureCluster(dataDir);
  const worker = await startEngine(
    dataDir ? { dataDir } : { template: await freshClusterTemplate() },
  );
  const channel = new EngineChannel(
    worker,
    opts.onEngineLost ?? (() => undefined),
  );
  const base = queryable(channel);
  return {
    kind: 'pglite',
    ...base,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const tx = await channel.call<number>({ op: 'begin' });
      channel.openTransactions++;
      let result: T;
      try {
        result = await fn(queryable(channel, tx));
      } catch (err) {
        await channel
          .call({ op: 'end', tx, commit: false })
          .catch(() => undefined)
          .finally(() => channel.openTransactions--);
        channel.checkDrained();
        throw err;
      }
      await channel
        .call({ op: 'end', tx, commit: true })
        .finally(() => channel.openTransactions--);
      channel.checkDrained();
      return result;
    },
    async ping() {
      await base.query('SELECT 1');
    },
    close: () => channel.stop(),
    exitEngine: () => channel.exitEngine(),
  };
}
