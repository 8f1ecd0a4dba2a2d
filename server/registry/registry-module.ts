import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import type { RouteDefinition } from '../http/route';
import type { Logger } from '../logger';
import type { OutcomeSource } from './outcome-source';
import { registryEpisodeRoutes } from './registry-episode-routes';
import { RegistryList } from './registry-list';
import { registryListRoutes } from './registry-list-routes';
import { registryThresholdRoutes } from './registry-threshold-routes';
import { registryWorkRoutes } from './registry-work-routes';
import { RegistryWork } from './registry-work-service';
import { RegistryEpisodes } from './registry-episode-service';

export interface RegistryDeps {
  db: Database;
  clock: Clock;
  audit: AuditLog;
  logger: Logger;
  outcomes: OutcomeSource;
}

/** The collaborative-care registry's services and routes (issue #16). */
export function registryRoutes(deps: RegistryDeps): RouteDefinition[] {
  const episodes = new RegistryEpisodes(deps);
  const list = new RegistryList(deps);
  const work = new RegistryWork(deps);
  return [
    ...registryEpisodeRoutes(episodes),
    ...registryListRoutes(list),
    ...registryThresholdRoutes(deps.db),
    ...registryWorkRoutes({
      work,
      list,
      outcomes: deps.outcomes,
      db: deps.db,
      now: () => deps.clock.now(),
    }),
  ];
}
