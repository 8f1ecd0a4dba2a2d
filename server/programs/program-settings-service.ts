import type { Database } from '../db/database';
import type { QueueSettings, QueueSettingsPatch } from './program-settings';
import { patchQueueSettings, readQueueSettings } from './program-settings-repository';

/**
 * Settings are read on every dispatch, so they are cached briefly. Another
 * instance's change is seen within `ttlMs`; this instance's at once.
 */
export class ProgramSettingsService {
  private readonly cache = new Map<string, { at: number; value: Promise<QueueSettings> }>();

  constructor(
    private readonly db: Database,
    private readonly ttlMs = 2_000,
  ) {}

  queue(programId: string): Promise<QueueSettings> {
    const hit = this.cache.get(programId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    const value = readQueueSettings(this.db, programId);
    value.catch(() => this.cache.delete(programId));
    this.cache.set(programId, { at: Date.now(), value });
    return value;
  }

  async updateQueue(programId: string, patch: QueueSettingsPatch): Promise<QueueSettings> {
    const value = await patchQueueSettings(this.db, programId, patch);
    this.cache.set(programId, { at: Date.now(), value: Promise.resolve(value) });
    return value;
  }
}
