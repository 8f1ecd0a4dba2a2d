import type { RedisClient } from './redis-connection';

/** What is used of a duplicate (its type depends on the modules the original was made with). */
interface Connection {
  readonly isOpen: boolean;
  disconnect(): Promise<void>;
  destroy(): void;
}

/**
 * Keeps the connections a library duplicates from `client` so they can be
 * closed at once. The socket.io streams adapter opens two: one blocked in
 * XREAD for up to 5 s and one for pub/sub; on close it only disconnects the
 * reader after that read returns, so a stopping instance (or a test worker)
 * kept a Redis socket for seconds. Its second disconnect of an already closed
 * client would throw (node-redis 5), so disconnect is made idempotent.
 */
export function closableDuplicates(client: RedisClient): () => void {
  const duplicates: Connection[] = [];
  const duplicate = client.duplicate.bind(client);
  client.duplicate = ((...args: Parameters<RedisClient['duplicate']>) => {
    const made = duplicate(...args);
    const dup = made as Connection;
    const disconnect = dup.disconnect.bind(dup);
    dup.disconnect = () => (dup.isOpen ? disconnect() : Promise.resolve());
    duplicates.push(dup);
    return made;
  }) as RedisClient['duplicate'];
  return () => {
    for (const dup of duplicates.splice(0)) if (dup.isOpen) dup.destroy();
  };
}
