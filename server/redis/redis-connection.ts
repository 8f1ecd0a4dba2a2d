import { createClient, type RedisClientType } from 'redis';
import type { Logger } from '../logger';

export type RedisClient = RedisClientType;

/**
 * Opens a node-redis client that keeps retrying in the background: a Redis
 * restart must not crash the process (the live queue is rebuilt from PostgreSQL).
 */
export async function openRedis(
  url: string,
  logger: Logger,
  name: string,
): Promise<RedisClient> {
  const client = createClient({
    url,
    name: `psych-access:${name}`,
    socket: {
      reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2_000),
      connectTimeout: 5_000,
    },
  }) as RedisClient;
  let lastLogged = 0;
  client.on('error', (err: Error) => {
    // Reconnect attempts error every few hundred ms while Redis is down; log at most every 10 s.
    if (Date.now() - lastLogged > 10_000) {
      lastLogged = Date.now();
      logger.warn(
        { err: { message: err.message }, client: name },
        'redis connection error',
      );
    }
  });
  await client.connect();
  return client;
}
