import {
  type MessagePort,
  receiveMessageOnPort,
  type Worker,
} from 'node:worker_threads';
import {
  fromEngineError,
  type EngineReply,
  type EngineRequest,
} from './pglite-protocol';

/** A request without its id (distributive, so each op keeps its fields). */
export type Call = EngineRequest extends infer R
  ? R extends EngineRequest
    ? Omit<R, 'id'>
    : never
  : never;

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  settled?: boolean;
}

/**
 * The main thread's end of the channel to the engine thread: ids, replies,
 * and the engine's death.
 *
 * Replies normally arrive as messages, each waiting for a turn of the main
 * loop. That is harmless for a lone statement but not inside a transaction:
 * the engine is held for it, idle, until the loop gets round to the reply
 * and the next statement is sent (under load, milliseconds per statement,
 * and every other statement queued behind). So `callNow` waits for the
 * reply on this thread, for a bounded time: the engine signals each reply
 * on a shared counter, and the reply is taken off the port at once.
 */
export class EngineChannel {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private lost: Error | null = null;
  private stopping = false;
  private drained: (() => void) | null = null;
  private readonly signal: Int32Array;
  /** Transactions running on the main thread's side (close drains them). */
  openTransactions = 0;
  /** Transactions begun on the engine and not yet ended: they hold it. */
  transactionsOnEngine = 0;
  nextTransactionId = 1;
  readonly exited: Promise<void>;

  constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    signal: SharedArrayBuffer,
    private readonly onLost: (err: Error) => void,
  ) {
    this.signal = new Int32Array(signal);
    port.on('message', (m: EngineReply) => this.settle(m));
    worker.on('error', (err) => this.die(err));
    this.exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        this.die(new Error(`the engine thread exited with code ${code}`));
        resolve();
      }),
    );
  }

  /** True when nothing is in flight: the engine would start a call at once. */
  get idle(): boolean {
    return !this.pending.size && !this.transactionsOnEngine;
  }

  call<T>(req: Call): Promise<T> {
    return this.post<T>(req).promise;
  }

  /**
   * Like `call`, but waits on this thread up to `budgetMs` for the reply.
   * Only for a call the engine starts at once (a statement of the open
   * transaction, or its first with nothing in flight): otherwise this thread
   * would sit waiting for work that waits for this thread. Returns the
   * promise and the time spent waiting.
   */
  callNow<T>(req: Call, budgetMs: number): { promise: Promise<T>; ms: number } {
    const started = performance.now();
    let seen = Atomics.load(this.signal, 0);
    const { promise, pending } = this.post<T>(req);
    for (;;) {
      for (let m = receiveMessageOnPort(this.port); m; ) {
        this.settle(m.message as EngineReply);
        m = receiveMessageOnPort(this.port);
      }
      const ms = performance.now() - started;
      if (pending.settled || this.lost || ms >= budgetMs)
        return { promise, ms };
      Atomics.wait(this.signal, 0, seen, budgetMs - ms);
      seen = Atomics.load(this.signal, 0);
    }
  }

  private post<T>(req: Call): { promise: Promise<T>; pending: Pending } {
    const pending: Pending = { resolve: () => {}, reject: () => {} };
    if (this.lost) {
      pending.settled = true;
      return { promise: Promise.reject(this.lost), pending };
    }
    const id = this.nextId++;
    const promise = new Promise<T>((resolve, reject) => {
      pending.resolve = resolve as (v: unknown) => void;
      pending.reject = reject;
    });
    this.pending.set(id, pending);
    this.port.postMessage({ ...req, id });
    return { promise, pending };
  }

  private settle(m: EngineReply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    p.settled = true;
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
    for (const p of this.pending.values()) {
      p.settled = true;
      p.reject(this.lost);
    }
    this.pending.clear();
    this.port.close();
    if (!this.stopping) this.onLost(this.lost);
  }

  async stop(drainMs: number): Promise<void> {
    await this.drain(drainMs);
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
