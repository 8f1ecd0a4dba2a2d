import { AuditLog } from './audit/audit-log';
import { AuthService } from './auth/auth-service';
import type { Clock } from './clock';
import type { Config } from './config';
import type { Database } from './db/database';
import { BufferedLiveChannel } from './live/live-channel';
import type { Logger } from './logger';
import type { VisitTokenVerifier } from '../signaling/socket-identity';

/**
 * Everything a route or socket handler may use, built once at start-up.
 * Feature modules add their service here; nothing reaches for globals.
 */
export interface AppServices {
  config: Config;
  db: Database;
  logger: Logger;
  clock: Clock;
  audit: AuditLog;
  auth: AuthService;
  live: BufferedLiveChannel;
  /** Verifies patient/guardian/interpreter visit tokens for sockets (visits module). */
  visitTokens?: VisitTokenVerifier;
  /** Closed in reverse order on shutdown. */
  closers: (() => Promise<void>)[];
}

export function createServices(base: { config: Config; db: Database; logger: Logger; clock: Clock }): AppServices {
  const audit = new AuditLog(base.db, base.logger);
  const auth = new AuthService(base.db, audit, base.clock, base.config);
  return { ...base, audit, auth, live: new BufferedLiveChannel(), closers: [] };
}
