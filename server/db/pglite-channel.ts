import type { MessagePort, Worker } from 'node:worker_threads';
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
}

/**
 * The main thread's end of the channel to the engine thread: ids, replies,
 * and the engine's death.
 *
 * Replies arrive as messages, each handled on a turn of the main loop.
 */
export class EngineChannel {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private lost: Error | null = null;
  private stopping = false;
  private drained: (() => void) | null = null;
  /** Transactions running on the main thread's side (close drains them). */
  openTransactions = 0;
  nextTransactionId = 1;
  readonly exited: Promise<void>;

  constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly onLost: (err: Error) => void,
  ) {
    port.on('message', (m: EngineReply) => this.settle(m));
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
      this.port.postMessage({ ...req, id });
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
    for (const p of this.pending.values()) {
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
