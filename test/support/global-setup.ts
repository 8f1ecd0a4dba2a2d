import { startPostgres } from './postgres-server';
import { startRedis } from './redis-server';

/**
 * One real PostgreSQL and one real Redis for the whole run. Test files make
 * their own database inside it (test/support/databases.ts), so they never
 * share rows. Workers inherit the URLs through the environment.
 */
export default async function globalSetup(): Promise<void> {
  const [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  process.env.TEST_POSTGRES_URL = pg.url;
  process.env.TEST_REDIS_URL = redis.url;
  (globalThis as { __paServices?: unknown }).__paServices = { pg, redis };
}
