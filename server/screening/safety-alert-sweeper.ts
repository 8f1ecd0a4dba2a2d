import type { Logger } from '../logger';
import { PeriodicSweep } from '../periodic-sweep';
import type { SafetyAlertService } from './safety-alert-service';

/**
 * Escalates due safety alerts on an interval, on every instance, as the
 * queue sweeper does offers: due times live in PostgreSQL, so a restart
 * loses nothing, and the escalation row's key lets one instance act.
 */
export class SafetyAlertSweeper {
  private readonly periodic: PeriodicSweep;

  constructor(deps: {
    alerts: SafetyAlertService;
    logger: Logger;
    sweepMs: number;
  }) {
    this.periodic = new PeriodicSweep(
      'safety alert',
      () => deps.alerts.escalateDue(),
      { logger: deps.logger, intervalMs: deps.sweepMs },
    );
  }

  start(): void {
    this.periodic.start();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }
}
