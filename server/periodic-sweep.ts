import type { Logger } from './logger';

/**
 * A sweep run every `intervalMs` on every instance (offers, alerts,
 * callbacks, reminders...): never two at once, and a failed run is logged
 * and retried next tick instead of escaping as an unhandled rejection,
 * which would end the process on a database blip. `stop` waits for the run
 * in flight.
 */
export class PeriodicSweep {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly name: string,
    private readonly run: () => Promise<unknown>,
    private readonly deps: { logger: Logger; intervalMs: number },
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.once(), this.deps.intervalMs);
    this.timer.unref();
  }

  /** One run now (or the one in flight); never rejects. */
  once(): Promise<void> {
    this.running ??= this.run()
      .then(() => undefined)
      .catch((err: unknown) =>
        this.deps.logger.warn({ err }, `${this.name} sweep failed`),
      )
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
