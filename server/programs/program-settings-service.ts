import { TtlCache } from '../cache/ttl-cache';
import type { Database } from '../db/database';
import type { QueueSettings, QueueSettingsPatch } from './program-settings';
import {
  patchQueueSettings,
  readQueueSettings,
} from './program-settings-repository';

/**
 * Settings are read on every dispatch, so they are cached briefly. Another
 * instance's change is seen within `ttlMs`; this instance's at once.
 */
export class ProgramSettingsService {
  private readonly cache: TtlCache<QueueSettings>;

  constructor(
    private readonly db: Database,
    ttlMs = 2_000,
  ) {
    this.cache = new TtlCache(ttlMs);
  }

  queue(programId: string): Promise<QueueSettings> {
    return this.cache.get(programId, () =>
      readQueueSettings(this.db, programId),
    );
  }

  async updateQueue(
    programId: string,
    patch: QueueSettingsPatch,
  ): Promise<QueueSettings> {
    const value = await patchQueueSettings(this.db, programId, patch);
    this.cache.set(programId, Promise.resolve(value));
    return value;
  }
}
