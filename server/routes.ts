import { auditRoutes } from './audit/audit-routes';
import { authRoutes } from './auth/auth-routes';
import type { RouteDefinition } from './http/route';
import { patientRoutes } from './patients/patient-routes';
import type { AppServices } from './services';

/**
 * Every REST route of the product. Feature modules export a
 * `(services) => RouteDefinition[]` and are listed here once.
 */
export function allRoutes(s: AppServices): RouteDefinition[] {
  return [...authRoutes(s), ...patientRoutes(s), ...auditRoutes(s)];
}
