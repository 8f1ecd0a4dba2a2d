import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Config } from '../config';
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
import { videoContactRoutes } from './video-contact-routes';
import { type VideoContactDeps, VideoContacts } from './video-contact-service';

export interface RegistryDeps {
  db: Database;
  clock: Clock;
  audit: AuditLog;
  logger: Logger;
  outcomes: OutcomeSource;
  config: Config;
  selfUrl?: () => string | undefined;
  /** A video contact's call: its end writes the contact. */
  calls: VideoContactDeps['calls'];
  consults: VideoContactDeps['consults'];
}

/**
 * The collaborative-care registry's services and routes (issue #16), and
 * the listener that turns a video contact's ended call into its contact
 * (`stop` removes it).
 */
export function registryModule(deps: RegistryDeps): {
  routes: RouteDefinition[];
  video: VideoContacts;
  stop: () => void;
} {
  const episodes = new RegistryEpisodes(deps);
  const list = new RegistryList(deps);
  const work = new RegistryWork(deps);
  const video = new VideoContacts({ ...deps, work });
  const stop = video.install();
  const routes = [
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
    ...videoContactRoutes(video),
  ];
  return { routes, video, stop };
}
