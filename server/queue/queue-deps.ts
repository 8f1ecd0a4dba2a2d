import type { Clock } from '../clock';
import type { ConsultMoves } from '../consults/consult-moves';
import type { Database } from '../db/database';
import type { LiveChannel } from '../live/live-channel';
import type { Logger } from '../logger';
import type { ProgramSettingsService } from '../programs/program-settings-service';
import type { QueueStore } from './queue-store';

/** What every part of the live queue is built from (see create-queue.ts). */
export interface QueueDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  live: LiveChannel;
  settings: ProgramSettingsService;
  /** The consult service's moves: the queue asks, it never moves a consult itself. */
  consults: ConsultMoves;
  /** The live store (memory or Redis), opened by the composition root. */
  store: QueueStore;
  /** Set when the queue stops: timers and rounds started after it do nothing. */
  stopped: () => boolean;
}

export const STAFF_ROLES = ['coordinator', 'admin'] as const;
