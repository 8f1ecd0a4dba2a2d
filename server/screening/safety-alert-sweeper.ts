import type { Logger } from '../logger';
import type { SafetyAlertService } from './safety-alert-service';

/**
 * Escalates due safety alerts on an interval, on every instance, as the
 * queue sweeper does offers: due times live in PostgreSQL, so a restart
 * loses nothing, and the escalation row's key lets one instance act.
 */
export class SafetyAlertSweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly deps: {
      alerts: SafetyAlertService;
      logger: Logger;
      sweepMs: number;
    },
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.deps.alerts
        .escalateDue()
        .catch((err) =>
          this.deps.logger.error({ err }, 'safety alert sweep failed'),
        )
        .finally(() => (this.running = null));
    }, this.deps.sweepMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
