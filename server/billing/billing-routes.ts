import type { Database } from '../db/database';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { RouteDefinition } from '../http/route';
import type { Logger } from '../logger';
import { billingExportRoutes } from './billing-export-routes';
import { billingLineRoutes, consultBillingRoute } from './billing-line-routes';
import { payerRulesRoutes } from './payer-rules-routes';

/** What the billing routes use. */
export interface BillingRouteDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
}

/**
 * The billing desk's routes (lines, exports, payer rules) and one
 * consult's lines, in the order they are declared to the app.
 */
export function billingRoutes(deps: BillingRouteDeps): RouteDefinition[] {
  return [
    ...billingLineRoutes(),
    ...billingExportRoutes(deps),
    ...payerRulesRoutes(),
    consultBillingRoute(),
  ];
}
