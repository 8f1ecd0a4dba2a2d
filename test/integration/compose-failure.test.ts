import { systemClock } from '../../server/clock';
import { compose } from '../../server/compose';
import { loadConfig } from '../../server/config';
import type { Database } from '../../server/db/database';
import { createLogger } from '../../server/logger';
import { Metrics } from '../../server/metrics/metrics';
import {
  openRedis,
  type RedisClient,
} from '../../server/redis/redis-connection';
import { openTestDatabase } from '../support/databases';
import { eventually } from '../support/eventually';
import { startRedis, type RedisServer } from '../support/redis-server';

/**
 * Metrics whose store sources cannot be taken: compose() hands them over
 * late, after the queue store's Redis connection, the media backend, the
 * sweepers and the registry's listener exist, so this fails a step half-way.
 */
class RefusingMetrics extends Metrics {
  readonly refusal = new Error('the store sources were refused');
  override provide(): void {
    throw this.refusal;
  }
}

/** Connections this Redis holds for the queue store (by client name). */
async function queueConnections(inspector: RedisClient): Promise<number> {
  const list = await inspector.sendCommand<string>(['CLIENT', 'LIST']);
  return list.split('\n').filter((l) => / name=psych-access:queue /.test(l))
    .length;
}

async function connectionsReceived(inspector: RedisClient): Promise<number> {
  const info = await inspector.info('stats');
  return Number(/total_connections_received:(\d+)/.exec(info)?.[1]);
}

/**
 * A compose() that fails after it opened the queue store's Redis connection
 * closes that connection itself (newest first with everything else it
 * opened) and rethrows the step's own error: its caller never received the
 * closers, so nothing else could close them.
 */
describe('a composition that fails half-way', () => {
  // Its own Redis: the connection count is not shared with other suites.
  let redis: RedisServer;
  let inspector: RedisClient;
  let db: Database;
  const logger = createLogger('silent');

  beforeAll(async () => {
    redis = await startRedis();
    inspector = await openRedis(redis.url, logger, 'inspector');
    db = await openTestDatabase('postgres');
  });
  afterAll(async () => {
    await inspector?.quit();
    await db?.close();
    await redis?.stop();
  });

  it('closes the Redis connection it opened and rethrows', async () => {
    const before = await connectionsReceived(inspector);
    const metrics = new RefusingMetrics();
    const config = loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
      REDIS_URL: redis.url,
    });
    await expect(
      compose({ config, db, logger, clock: systemClock, metrics }),
    ).rejects.toBe(metrics.refusal);
    // The queue store did connect before the failing step...
    expect(await connectionsReceived(inspector)).toBeGreaterThan(before);
    // ...and that connection is gone, closed by compose() itself.
    await eventually(
      async () => (await queueConnections(inspector)) === 0,
      5000,
      'the queue store connection to close',
    );
  });
});
