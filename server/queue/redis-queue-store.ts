import { createHash } from 'node:crypto';
import type { RedisClient } from '../redis/redis-connection';
import type { QueueStore } from './queue-store';
import {
  DISPATCH_VIEW,
  DUTY_COUNTS,
  LINE_VIEW,
  PUT_WORKER,
  RELEASE,
  RESERVE,
  SET_AVAILABILITY,
  SNAPSHOT,
  STAMP_CONNECTIONS,
  UPSERT_ENTRY,
} from './redis-queue-scripts';
import type {
  Availability,
  DutyCounts,
  LineView,
  LiveOffer,
  QueueEntry,
  QueueSnapshot,
  ReserveResult,
  WorkerState,
} from './queue-types';
import { lineScore } from './routing';

type Profile = Omit<
  WorkerState,
  'availability' | 'availabilitySinceMs' | 'idleSinceMs'
>;

/**
 * The live queue in Redis, shared by every server instance of one deployment.
 * Multi-key changes are Lua scripts (atomic); keys are namespaced by `prefix`
 * so deployments (and test runs) sharing one Redis never meet.
 */
export class RedisQueueStore implements QueueStore {
  readonly kind = 'redis' as const;
  private readonly shas = new Map<string, string>();

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  private k(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  /** EVALSHA, loading the script again after a Redis restart (NOSCRIPT). */
  private async run(
    script: string,
    args: (string | number)[],
  ): Promise<unknown> {
    const argv = [this.prefix, ...args.map(String)];
    let sha = this.shas.get(script);
    if (!sha) {
      sha = createHash('sha1').update(script).digest('hex');
      this.shas.set(script, sha);
    }
    try {
      return await this.redis.evalSha(sha, { arguments: argv });
    } catch (err) {
      if (!String((err as Error).message).includes('NOSCRIPT')) throw err;
      return this.redis.eval(script, { arguments: argv });
    }
  }

  async isIntact() {
    return (await this.redis.exists(this.k('epoch'))) === 1;
  }
  async markIntact() {
    await this.redis.set(this.k('epoch'), String(Date.now()));
  }

  async upsertEntry(e: QueueEntry) {
    const { excluded, ...rest } = e;
    await this.run(UPSERT_ENTRY, [
      e.programId,
      e.consultId,
      lineScore(e),
      JSON.stringify(rest),
      ...excluded,
    ]);
  }
  async removeEntry(programId: string, consultId: string) {
    await this.redis
      .multi()
      .del(this.k('entry', consultId))
      .del(this.k('excl', consultId))
      .zRem(this.k('line', programId), consultId)
      .exec();
  }
  async exclude(consultId: string, workerId: string) {
    await this.redis.sAdd(this.k('excl', consultId), workerId);
  }

  async putWorker(w: WorkerState) {
    const { availability, availabilitySinceMs, idleSinceMs, ...profile } = w;
    const json = JSON.stringify(profile);
    await this.run(PUT_WORKER, [
      w.userId,
      w.programId,
      json,
      availability,
      availabilitySinceMs,
      idleSinceMs,
      profileVersion(json),
    ]);
  }
  async setAvailability(
    userId: string,
    availability: Availability,
    sinceMs: number,
    idleSinceMs?: number,
  ) {
    await this.run(SET_AVAILABILITY, [
      userId,
      availability,
      sinceMs,
      idleSinceMs === undefined ? '' : idleSinceMs,
    ]);
  }
  async touchConnections(
    instanceId: string,
    userIds: readonly string[],
    untilMs: number,
  ) {
    if (!userIds.length) return;
    await this.run(STAMP_CONNECTIONS, [instanceId, untilMs, ...userIds]);
  }
  async dropConnection(instanceId: string, userId: string, atMs: number) {
    await this.run(STAMP_CONNECTIONS, [instanceId, atMs, userId]);
  }

  snapshot(programId: string, nowMs: number): Promise<QueueSnapshot> {
    return this.view(SNAPSHOT, [programId], nowMs);
  }

  async lineView(programId: string): Promise<LineView> {
    const [rawEntries, rawOffers] = (await this.run(LINE_VIEW, [
      programId,
    ])) as [[string, string[]][], string[]];
    return {
      entries: parseEntries(rawEntries),
      offers: rawOffers.map((o) => JSON.parse(o) as LiveOffer),
    };
  }

  async dutyCounts(programId: string, nowMs: number): Promise<DutyCounts> {
    const [available, onDuty] = (await this.run(DUTY_COUNTS, [
      programId,
      nowMs,
    ])) as [number, number];
    return { available, onDuty };
  }

  /** Every worker over the wire costs more than PostgreSQL's count. */
  async dutyRoster(): Promise<null> {
    return null;
  }

  async dispatchView(programId: string, nowMs: number): Promise<QueueSnapshot> {
    const [rawEntries, rawWorkers] = (await this.run(DISPATCH_VIEW, [
      programId,
      nowMs,
    ])) as [[string, string[]][], [string, string][]];
    const free = rawWorkers.map(([userId, state]) => {
      const [version = '', idle, since] = state.split('|');
      return {
        userId,
        version,
        idleSinceMs: Number(idle),
        availabilitySinceMs: Number(since),
      };
    });
    const profiles = await this.profilesOf(free);
    const workers = free.flatMap((w) => {
      const p = profiles.get(`${w.userId}:${w.version}`);
      if (!p) return [];
      return [
        {
          userId: w.userId,
          programId: p.programId,
          displayName: p.displayName,
          line: p.line,
          specialties: p.specialties,
          licensedStates: p.licensedStates,
          licenseEndsMs: p.licenseEndsMs,
          languages: p.languages,
          availability: 'available' as const,
          availabilitySinceMs: w.availabilitySinceMs,
          idleSinceMs: w.idleSinceMs,
          connected: true,
          lastSeenMs: null,
        },
      ];
    });
    return { entries: parseEntries(rawEntries), workers, offers: [] };
  }

  /** Profiles by user and version: from memory, or (first sight, or changed) read from Redis once. */
  private readonly profilesByVersion = new Map<string, Profile>();
  private async profilesOf(
    ws: { userId: string; version: string }[],
  ): Promise<Map<string, Profile>> {
    const missing = ws.filter(
      (w) => !this.profilesByVersion.has(`${w.userId}:${w.version}`),
    );
    if (missing.length) {
      if (this.profilesByVersion.size > 10_000) this.profilesByVersion.clear();
      const m = this.redis.multi();
      for (const w of missing) m.hGet(this.k('w', w.userId), 'profile');
      // HGET answers a string, or null for a worker removed in between.
      const found = (await m.exec()).map((v) =>
        typeof v === 'string' ? v : null,
      );
      missing.forEach((w, i) => {
        const json = found[i];
        // A worker removed in between is planned without: it cannot be offered anyway.
        if (json)
          this.profilesByVersion.set(
            `${w.userId}:${w.version}`,
            JSON.parse(json) as Profile,
          );
      });
    }
    return this.profilesByVersion;
  }

  private async view(
    script: string,
    args: (string | number)[],
    nowMs: number,
  ): Promise<QueueSnapshot> {
    const [rawEntries, rawWorkers, rawOffers] = (await this.run(
      script,
      args,
    )) as [
      [string, string[]][],
      [string, string, string, string, string][],
      string[],
    ];
    const entries = parseEntries(rawEntries);
    const workers = rawWorkers.map(
      ([profile, availability, idle, seen, since]) => {
        const lastSeen = Number(seen);
        return {
          ...(JSON.parse(profile) as Profile),
          availability: availability as Availability,
          availabilitySinceMs: Number(since),
          idleSinceMs: Number(idle),
          connected: lastSeen > nowMs,
          lastSeenMs: lastSeen > nowMs ? null : lastSeen,
        };
      },
    );
    return {
      entries,
      workers,
      offers: rawOffers.map((o) => JSON.parse(o) as LiveOffer),
    };
  }

  async reserve(o: LiveOffer, nowMs: number): Promise<ReserveResult> {
    return (await this.run(RESERVE, [
      o.programId,
      o.consultId,
      o.workerId,
      JSON.stringify(o),
      nowMs,
    ])) as ReserveResult;
  }
  async restoreOffer(o: LiveOffer) {
    await this.redis
      .multi()
      .set(this.k('offer', 'c', o.consultId), JSON.stringify(o))
      .set(this.k('offer', 'w', o.workerId), o.consultId)
      .sAdd(this.k('offers', o.programId), o.consultId)
      .sAdd(this.k('holders', o.programId), o.workerId)
      .exec();
  }
  async release(
    consultId: string,
    offerId?: string,
  ): Promise<LiveOffer | null> {
    const raw = (await this.run(RELEASE, [consultId, offerId ?? ''])) as
      | string
      | null;
    return raw ? (JSON.parse(raw) as LiveOffer) : null;
  }
  async offerOf(workerId: string): Promise<LiveOffer | null> {
    const c = await this.redis.get(this.k('offer', 'w', workerId));
    if (!c) return null;
    const raw = await this.redis.get(this.k('offer', 'c', c));
    return raw ? (JSON.parse(raw) as LiveOffer) : null;
  }
  async programs(): Promise<string[]> {
    return this.redis.sMembers(this.k('programs'));
  }

  /** Deletes this deployment's keys only (other deployments may share the Redis). */
  async clear() {
    for await (const keys of this.redis.scanIterator({
      MATCH: `${this.prefix}*`,
      COUNT: 500,
    })) {
      if (keys.length) await this.redis.del(keys);
    }
  }
  async close() {
    await this.redis.quit().catch(() => undefined);
  }
}

/** Names a profile's content: a changed profile (new specialty, licence) gets a new version. */
const profileVersion = (json: string) =>
  createHash('sha1').update(json).digest('hex').slice(0, 16);

const parseEntries = (raw: [string, string[]][]): QueueEntry[] =>
  raw.map(([json, excluded]) => ({
    ...(JSON.parse(json) as Omit<QueueEntry, 'excluded'>),
    excluded,
  }));
