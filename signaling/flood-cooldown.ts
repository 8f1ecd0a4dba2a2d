import type { RedisClient } from '../server/redis/redis-connection';

/**
 * Users (or visitors) recently disconnected for flooding, refused a new
 * socket until their time is up, so reconnecting (or signing in again for a
 * new session) is no way around the flood guard. Time (epoch ms, server
 * time) is passed in.
 */
export interface FloodCooldowns {
  add(key: string, now: number): void;
  has(key: string, now: number): boolean | Promise<boolean>;
}

/** In memory, one instance: the embedded default (no Redis). */
export class FloodCooldown implements FloodCooldowns {
  private readonly until = new Map<string, number>();

  constructor(private readonly ms: number) {}

  add(key: string, now: number): void {
    this.until.set(key, now + this.ms);
    // Bounded by the number of floods in one cooldown: prune the expired.
    for (const [k, t] of this.until) if (t <= now) this.until.delete(k);
  }

  has(key: string, now: number): boolean {
    const t = this.until.get(key);
    return t !== undefined && t > now;
  }
}

/**
 * Shared by every instance on one Redis (REDIS_URL), so a flooder the load
 * balancer sends to another instance is refused there too. One key per
 * cooldown holding when it ends (server time, so the same clock decides as
 * in memory), which Redis also expires then; the instance that saw the flood
 * remembers it locally too, so its own refusals need no round trip. Redis
 * unreachable: the local memory answers.
 */
export class RedisFloodCooldown implements FloodCooldowns {
  private readonly local: FloodCooldown;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly ms: number,
  ) {
    this.local = new FloodCooldown(ms);
  }

  add(key: string, now: number): void {
    this.local.add(key, now);
    this.redis
      .set(this.prefix + key, String(now + this.ms), { PX: this.ms })
      .catch(() => undefined);
  }

  async has(key: string, now: number): Promise<boolean> {
    if (this.local.has(key, now)) return true;
    try {
      const until = await this.redis.get(this.prefix + key);
      return until !== null && Number(until) > now;
    } catch {
      return false;
    }
  }
}
