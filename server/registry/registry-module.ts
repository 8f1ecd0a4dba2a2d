import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import type { RouteDefinition } from '../http/route';
import type { Logger } from '../logger';
import { registryEpisodeRoutes } from './registry-episode-routes';
import { RegistryEpisodes } from './registry-episode-service';

export interface RegistryDeps {
  db: Database;
  clock: Clock;
  audit: AuditLog;
  logger: Logger;
}

/** The collaborative-care registry's services and routes (issue #16). */
export function registryRoutes(deps: RegistryDeps): RouteDefinition[] {
  const episodes = new RegistryEpisodes(deps);
  return [...registryEpisodeRoutes(episodes)];
}
