import { auditRoutes } from './audit/audit-routes';
import { billingRoutes } from './billing/billing-routes';
import { ledgerRoutes } from './billing/ledger-routes';
import { patientBillingFactsRoutes } from './billing/patient-billing-facts-routes';
import { consentRoutes } from './consent/consent-routes';
import { reportRoutes } from './reports/report-routes';
import { authRoutes } from './auth/auth-routes';
import { callRoutes } from './calls/call-routes';
import type { RouteDefinition } from './http/route';
import { livekitWebhookRoutes } from './media/livekit/livekit-webhook-routes';
import { patientRoutes } from './patients/patient-routes';
import { consultRoutes } from './consults/consult-routes';
import { programRoutes } from './programs/program-routes';
import { queueRoutes } from './queue/queue-routes';
import { visitsRoutes } from './visits/visits-module';
import type { AppServices } from './services';

/**
 * Every REST route of the product. Feature modules export a
 * `(services) => RouteDefinition[]` and are listed here once.
 */
export function allRoutes(s: AppServices): RouteDefinition[] {
  return [
    ...authRoutes(s),
    ...patientRoutes(s),
    ...auditRoutes(s),
    ...livekitWebhookRoutes(s),
    ...visitsRoutes(s),
    ...callRoutes(s),
    ...consultRoutes(s),
    ...queueRoutes(s),
    ...programRoutes(s),
    ...reportRoutes(s),
    ...consentRoutes(s),
    ...ledgerRoutes(s),
    ...patientBillingFactsRoutes(s),
    ...billingRoutes(s),
  ];
}
