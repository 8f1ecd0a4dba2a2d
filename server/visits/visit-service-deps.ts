import type { AuditLog } from '../audit/audit-log';
import type { CallService } from '../calls/call-service';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { LiveChannel } from '../live/live-channel';
import type { Logger } from '../logger';

/** What the clinician side of visits uses. */
export interface VisitServiceDeps {
  config: Config;
  /** This server's own address once it listens: invite links in development without PUBLIC_URL. */
  selfUrl?: () => string | undefined;
  db: Database;
  clock: Clock;
  audit: AuditLog;
  live: LiveChannel;
  logger: Logger;
  calls: CallService;
}

/**
 * The deps plus the dial-in number every published lobby carries (null: no
 * phone dial-in on this server).
 */
export interface VisitWork extends VisitServiceDeps {
  dialIn: string | null;
}
