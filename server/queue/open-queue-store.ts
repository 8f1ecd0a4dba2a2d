import type { Config } from '../config';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import { deploymentKey } from '../redis/deployment-key';
import { openRedis } from '../redis/redis-connection';
import { MemoryQueueStore } from './memory-queue-store';
import type { QueueStore } from './queue-store';
import { RedisQueueStore } from './redis-queue-store';

/**
 * The live queue's store for this deployment: Redis when REDIS_URL is set
 * (shared by every instance), otherwise in-process memory.
 */
export async function openQueueStore(deps: {
  config: Config;
  db: Database;
  logger: Logger;
}): Promise<QueueStore> {
  const { config, db, logger } = deps;
  if (!config.REDIS_URL) return new MemoryQueueStore();
  const client = await openRedis(config.REDIS_URL, logger, 'queue');
  return new RedisQueueStore(client, `pa:q:${deploymentKey(config, db)}:`);
}
