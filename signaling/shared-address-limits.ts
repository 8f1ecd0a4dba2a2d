import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../server/redis/redis-connection';
import {
  AddressConnectionLimits,
  type AddressConnectionPolicy,
  type ConnectVerdict,
} from './address-connection-limits';

/** What the connection-limit middleware asks (in memory, or shared). */
export interface AddressLimiter {
  admit(address: string, now: number): ConnectVerdict | Promise<ConnectVerdict>;
  closed(address: string): void;
  close?(): Promise<void>;
}

/**
 * One address's hash: `t`, `l` (the bucket of new sockets: tokens, last
 * refill in Redis time), and `i:<instance>` = sockets open on that instance.
 * Counts of an instance that stopped beating (crashed) are dropped. Returns
 * 0 admitted, 1 too many open, 2 too many new. Redis's clock, so instances'
 * clocks cannot disagree.
 */
const ADMIT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local me, maxOpen = ARGV[1], tonumber(ARGV[2])
local burst, perMinute, staleMs = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local alive = {}
local beats = redis.call('HGETALL', KEYS[2])
for i = 1, #beats, 2 do
  if now - tonumber(beats[i + 1]) < staleMs then alive[beats[i]] = true end
end
local open, tokens, last = 0, burst, now
local f = redis.call('HGETALL', KEYS[1])
for i = 1, #f, 2 do
  local k = f[i]
  if k == 't' then tokens = tonumber(f[i + 1])
  elseif k == 'l' then last = tonumber(f[i + 1])
  elseif alive[string.sub(k, 3)] or k == 'i:' .. me then
    open = open + tonumber(f[i + 1])
  else redis.call('HDEL', KEYS[1], k) end
end
if open >= maxOpen then return 1 end
tokens = math.min(burst, tokens + (now - last) / 60000 * perMinute)
local verdict = 2
if tokens >= 1 then
  tokens = tokens - 1
  verdict = 0
  redis.call('HINCRBY', KEYS[1], 'i:' .. me, 1)
end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'l', now)
redis.call('PEXPIRE', KEYS[1], 86400000)
return verdict
`;

const CLOSED = `
local n = redis.call('HINCRBY', KEYS[1], 'i:' .. ARGV[1], -1)
if n <= 0 then redis.call('HDEL', KEYS[1], 'i:' .. ARGV[1]) end
return n
`;

/** This instance is alive; its own counts are re-asserted beside it. */
const BEAT = `
local t = redis.call('TIME')
redis.call('HSET', KEYS[1], ARGV[1], tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
return 1
`;

const BEAT_EVERY_MS = 5_000;
const STALE_MS = 20_000;

/**
 * The per-address limits shared by every instance on one Redis
 * (REDIS_URL): a script opening sockets through a load balancer meets one
 * count and one bucket, not one per instance. Each admission is one Lua
 * script (atomic). This instance's own limits are asked first, so a refusal
 * it can make alone costs no round trip; Redis unreachable, they decide
 * alone. Each instance beats every 5 s and writes its true open counts
 * beside the beat, so a crashed instance's sockets stop counting after 20 s
 * and a flushed Redis heals.
 */
export class SharedAddressLimits implements AddressLimiter {
  private readonly local: AddressConnectionLimits;
  private readonly instance = randomUUID();
  private readonly beatKey: string;
  private readonly beat: NodeJS.Timeout;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly policy: AddressConnectionPolicy,
  ) {
    this.local = new AddressConnectionLimits(policy);
    this.beatKey = `${prefix}instances`;
    this.beat = setInterval(() => void this.heartbeat(), BEAT_EVERY_MS);
    this.beat.unref();
    void this.heartbeat();
  }

  async admit(address: string, now: number): Promise<ConnectVerdict> {
    const mine = this.local.admit(address, now);
    if (!mine.ok) return mine;
    let verdict: number;
    try {
      verdict = Number(
        await this.redis.eval(ADMIT, {
          keys: [this.key(address), this.beatKey],
          arguments: [
            this.instance,
            String(this.policy.maxOpen),
            String(this.policy.burst),
            String(this.policy.perMinute),
            String(STALE_MS),
          ],
        }),
      );
    } catch {
      return mine;
    }
    if (verdict === 0) return mine;
    this.local.closed(address);
    return this.local.refused(
      address,
      verdict === 1 ? 'too_many_open' : 'too_many_new',
      now,
    );
  }

  closed(address: string): void {
    this.local.closed(address);
    this.redis
      .eval(CLOSED, { keys: [this.key(address)], arguments: [this.instance] })
      .catch(() => undefined);
  }

  /** Stops beating and takes this instance's sockets out of the counts. */
  async close(): Promise<void> {
    clearInterval(this.beat);
    try {
      const m = this.redis.multi();
      for (const [address] of this.local.openAddresses())
        m.hDel(this.key(address), `i:${this.instance}`);
      m.hDel(this.beatKey, this.instance);
      await m.exec();
    } catch {
      // Redis away: the counts go stale with the beat.
    }
  }

  private key(address: string) {
    return `${this.prefix}addr:${address}`;
  }

  private async heartbeat() {
    try {
      const m = this.redis.multi();
      m.eval(BEAT, { keys: [this.beatKey], arguments: [this.instance] });
      for (const [address, open] of this.local.openAddresses()) {
        m.hSet(this.key(address), `i:${this.instance}`, String(open));
        m.pExpire(this.key(address), 86_400_000);
      }
      await m.exec();
    } catch {
      // Retried at the next beat.
    }
  }
}
