import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { RouteDefinition } from '../http/route';
import type { Logger } from '../logger';
import { PeriodicSweep } from '../periodic-sweep';
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

/** How often contacts whose call's end was missed are looked for. */
const LOST_CONTACT_SWEEP_MS = 60_000;

/**
 * The collaborative-care registry's services and routes (issue #16), the
 * listener that turns a video contact's ended call into its contact, and
 * the sweep (started by main.ts) that records one whose end was missed
 * across a restart; `stop` removes both.
 */
export function registryModule(deps: RegistryDeps): {
  routes: RouteDefinition[];
  video: VideoContacts;
  start: () => void;
  stop: () => Promise<void>;
} {
  const episodes = new RegistryEpisodes(deps);
  const list = new RegistryList(deps);
  const work = new RegistryWork(deps);
  const video = new VideoContacts({ ...deps, work });
  const unlisten = video.install();
  const lost = new PeriodicSweep('video contact', () => video.sweep(), {
    logger: deps.logger,
    intervalMs: LOST_CONTACT_SWEEP_MS,
  });
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
  return {
    routes,
    video,
    start: () => lost.start(),
    stop: async () => {
      unlisten();
      await lost.stop();
    },
  };
}
