import type { AuditLog } from '../audit/audit-log';
import type { CallService } from '../calls/call-service';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { RouteDefinition } from '../http/route';
import type { LiveChannel } from '../live/live-channel';
import type { Logger } from '../logger';
import { PhoneLedger } from '../telephony/phone-ledger';
import type { Telephony } from '../telephony/telephony';
import { telephonyRoutes } from '../telephony/telephony-routes';
import type { VisitTokenVerifier } from '../../signaling/socket-identity';
import { VisitCheckIn } from './visit-check-in';
import { VisitPhone } from './visit-phone';
import { VisitService } from './visit-service';
import { visitRoutes } from './visit-routes';
import { visitorRoutes } from './visitor-routes';
import type { VisitsModule } from './visits-module-types';

export interface VisitsDeps {
  config: Config;
  /** Twilio (texts, dial-in, dial-out), or null where it is not configured. */
  telephony: Telephony | null;
  selfUrl?: () => string | undefined;
  db: Database;
  clock: Clock;
  audit: AuditLog;
  live: LiveChannel;
  logger: Logger;
  /** Visits open their own call and take people out of it. */
  calls: CallService;
}

/** Builds the visits module: clinician side, visitor check-in and phone. */
export function createVisits(deps: VisitsDeps): VisitsModule {
  const { telephony } = deps;
  const service = new VisitService(deps, telephony);
  const ledger = new PhoneLedger(deps.db, deps.audit, deps.calls);
  return {
    service,
    checkIn: new VisitCheckIn(deps),
    phone: new VisitPhone(deps, telephony, ledger, service),
    ledger,
    telephony,
  };
}

export interface VisitsRouteDeps {
  db: Database;
  clock: Clock;
  audit: AuditLog;
  live: LiveChannel;
  visits: VisitsModule;
  visitTokens: VisitTokenVerifier;
}

/** Clinician visit routes, the patient page's API and Twilio's webhooks. */
export function visitsRoutes(deps: VisitsRouteDeps): RouteDefinition[] {
  const { visits } = deps;
  return [
    ...visitRoutes(deps, visits),
    ...visitorRoutes(deps, visits),
    ...telephonyRoutes(deps, visits.telephony, visits.ledger),
  ];
}
