import type { RouteDefinition } from '../http/route';
import type { AppServices } from '../services';
import { PhoneLedger } from '../telephony/phone-ledger';
import { createTelephony, type Telephony } from '../telephony/telephony';
import { telephonyRoutes } from '../telephony/telephony-routes';
import { WaitingRoomAdmission } from './visit-call-admission';
import { VisitCheckIn } from './visit-check-in';
import { VisitPhone } from './visit-phone';
import { VisitService } from './visit-service';
import { visitRoutes } from './visit-routes';
import { DbVisitTokenVerifier } from './visit-token-verifier';
import { visitorRoutes } from './visitor-routes';

/** The visits feature as the rest of the server sees it. */
export interface VisitsModule {
  service: VisitService;
  checkIn: VisitCheckIn;
  phone: VisitPhone;
  ledger: PhoneLedger;
  telephony: Telephony | null;
}

/**
 * Builds the visits module and registers its two answers to other modules:
 * the visit-token verifier (signaling handshake) and the waiting-room
 * admission rule (calls).
 */
export function installVisits(s: AppServices): VisitsModule {
  const telephony = createTelephony(s.config);
  const service = new VisitService(s, telephony);
  const ledger = new PhoneLedger(s.db, s.audit, () => s.calls);
  const module: VisitsModule = {
    service,
    checkIn: new VisitCheckIn(s),
    phone: new VisitPhone(s, telephony, ledger, service),
    ledger,
    telephony,
  };
  s.visitTokens = new DbVisitTokenVerifier(s.db, s.clock);
  s.callAdmission = new WaitingRoomAdmission(s.db);
  return module;
}

/** Clinician visit routes, the patient page's API and Twilio's webhooks. */
export function visitsRoutes(s: AppServices): RouteDefinition[] {
  const m = s.visits;
  if (!m) return [];
  return [
    ...visitRoutes(s, m),
    ...visitorRoutes(s, m),
    ...telephonyRoutes(s, m.telephony, m.ledger),
  ];
}
