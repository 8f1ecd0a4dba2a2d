import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { eligibleDutyIn } from '../../server/queue/eligible-duty';
import { MemoryQueueStore } from '../../server/queue/memory-queue-store';
import type { QueueStore } from '../../server/queue/queue-store';
import type {
  LiveOffer,
  QueueEntry,
  WorkerState,
} from '../../server/queue/queue-types';
import { RedisQueueStore } from '../../server/queue/redis-queue-store';
import { onDuty, planOffers } from '../../server/queue/routing';
import { openRedis } from '../../server/redis/redis-connection';

const NOW = 1_700_000_000_000;

const entry = (
  programId: string,
  id: string,
  over: Partial<QueueEntry> = {},
): QueueEntry => ({
  consultId: id,
  line: 'psychiatry',
  programId,
  requestedBy: 'pcp',
  band: 2,
  frontOfLine: false,
  waitingSinceMs: NOW,
  queuedAtMs: NOW,
  specialty: 'adult',
  patientState: 'MA',
  language: 'en',
  excluded: [],
  summary: {
    consultType: 'clinician_consult',
    contactMode: 'video',
    urgency: 'routine',
    emergency: false,
    reasonCategories: ['medication'],
    patientAgeYears: 40,
  },
  ...over,
});

const worker = (
  programId: string,
  id: string,
  over: Partial<WorkerState> = {},
): WorkerState => ({
  userId: id,
  programId,
  displayName: `Dr ${id}`,
  line: 'psychiatry',
  availability: 'available',
  availabilitySinceMs: NOW - 1000,
  idleSinceMs: NOW - 1000,
  specialties: ['adult'],
  licensedStates: ['MA'],
  languages: ['en'],
  ...over,
});

const offer = (
  programId: string,
  consultId: string,
  workerId: string,
): LiveOffer => ({
  offerId: randomUUID(),
  consultId,
  workerId,
  programId,
  offeredAtMs: NOW,
  expiresAtMs: NOW + 30_000,
  escalationLevel: 0,
});

/** One contract, every implementation: the engine must not be able to tell them apart. */
describe.each(['memory', 'redis'] as const)(
  'QueueStore contract (%s)',
  (kind) => {
    let store: QueueStore;
    let p: string;
    beforeEach(async () => {
      p = randomUUID();
      store =
        kind === 'memory'
          ? new MemoryQueueStore()
          : new RedisQueueStore(
              await openRedis(
                process.env.TEST_REDIS_URL!,
                pino({ level: 'silent' }),
                'contract',
              ),
              `test:${randomUUID()}:`,
            );
    });
    afterEach(async () => {
      await store.clear();
      await store.close();
    });

    it('keeps the line in band, front-of-line and waiting order, with exclusions', async () => {
      await store.upsertEntry(entry(p, 'late', { waitingSinceMs: NOW + 10 }));
      await store.upsertEntry(
        entry(p, 'early', { waitingSinceMs: NOW - 10, excluded: ['w9'] }),
      );
      await store.upsertEntry(
        entry(p, 'urgent', { band: 1, waitingSinceMs: NOW + 50 }),
      );
      await store.upsertEntry(
        entry(p, 'returned', { frontOfLine: true, waitingSinceMs: NOW + 99 }),
      );
      await store.upsertEntry(entry(randomUUID(), 'other-program'));
      await store.exclude('late', 'w1');
      const snap = await store.snapshot(p, NOW);
      expect(snap.entries.map((e) => e.consultId)).toEqual([
        'urgent',
        'returned',
        'early',
        'late',
      ]);
      expect(
        snap.entries.find((e) => e.consultId === 'early')!.excluded,
      ).toEqual(['w9']);
      expect(
        snap.entries.find((e) => e.consultId === 'late')!.excluded,
      ).toEqual(['w1']);
      expect(snap.entries[0]!.summary.patientAgeYears).toBe(40);
      await store.removeEntry(p, 'urgent');
      expect(
        (await store.snapshot(p, NOW)).entries.map((e) => e.consultId),
      ).toEqual(['returned', 'early', 'late']);
      expect(await store.programs()).toContain(p);
    });

    it('tracks connections per instance with expiry, and availability', async () => {
      await store.putWorker(worker(p, 'w1'));
      let [w] = (await store.snapshot(p, NOW)).workers;
      expect(w).toMatchObject({
        userId: 'w1',
        connected: false,
        lastSeenMs: 0,
        displayName: 'Dr w1',
      });
      await store.touchConnections('i1', ['w1'], NOW + 5000);
      await store.touchConnections('i2', ['w1'], NOW + 1000);
      [w] = (await store.snapshot(p, NOW)).workers;
      expect(w).toMatchObject({ connected: true, lastSeenMs: null });
      await store.dropConnection('i1', 'w1', NOW + 10);
      [w] = (await store.snapshot(p, NOW + 2000)).workers;
      expect(w).toMatchObject({ connected: false, lastSeenMs: 1000 + NOW });
      await store.setAvailability('w1', 'away', NOW, NOW + 7);
      [w] = (await store.snapshot(p, NOW)).workers;
      expect(w).toMatchObject({ availability: 'away', idleSinceMs: NOW + 7 });
      await store.setAvailability('ghost', 'available', NOW);
      expect((await store.snapshot(p, NOW)).workers).toHaveLength(1);
    });

    it('keeps the newest availability: a rebuild that read PostgreSQL before a change cannot undo it', async () => {
      await store.putWorker(
        worker(p, 'w1', {
          availability: 'offline',
          availabilitySinceMs: NOW - 5000,
        }),
      );
      await store.setAvailability('w1', 'available', NOW, NOW);
      // A reconcile's stale read (before the change) arrives late: availability stays, the profile updates.
      await store.putWorker(
        worker(p, 'w1', {
          availability: 'offline',
          availabilitySinceMs: NOW - 5000,
          displayName: 'Dr renamed',
        }),
      );
      expect((await store.snapshot(p, NOW)).workers[0]).toMatchObject({
        availability: 'available',
        availabilitySinceMs: NOW,
        idleSinceMs: NOW,
        displayName: 'Dr renamed',
      });
      // An older change applied late is ignored too; a newer one wins.
      await store.setAvailability('w1', 'away', NOW - 1);
      expect((await store.snapshot(p, NOW)).workers[0]!.availability).toBe(
        'available',
      );
      await store.putWorker(
        worker(p, 'w1', { availability: 'busy', availabilitySinceMs: NOW + 1 }),
      );
      expect((await store.snapshot(p, NOW)).workers[0]).toMatchObject({
        availability: 'busy',
        availabilitySinceMs: NOW + 1,
      });
    });

    it('reserves atomically: one live offer per request and per worker', async () => {
      await store.upsertEntry(entry(p, 'c1'));
      await store.upsertEntry(entry(p, 'c2', { excluded: ['w2'] }));
      await store.putWorker(worker(p, 'w1'));
      await store.putWorker(worker(p, 'w2'));
      await store.putWorker(worker(p, 'w3', { availability: 'away' }));
      await store.putWorker(worker(p, 'w4'));
      await store.touchConnections('i', ['w1', 'w2', 'w3'], NOW + 5000);
      const results = await Promise.all([
        store.reserve(offer(p, 'c1', 'w1'), NOW),
        store.reserve(offer(p, 'c1', 'w2'), NOW),
        store.reserve(offer(p, 'c2', 'w1'), NOW),
      ]);
      expect(results.filter((r) => r === 'ok')).toHaveLength(1);
      expect(await store.reserve(offer(p, 'c2', 'w2'), NOW)).toBe('excluded');
      expect(await store.reserve(offer(p, 'c2', 'w3'), NOW)).toBe(
        'worker_unavailable',
      );
      expect(await store.reserve(offer(p, 'c2', 'w4'), NOW)).toBe(
        'worker_disconnected',
      );
      expect(await store.reserve(offer(p, 'nope', 'w2'), NOW)).toBe('gone');
      const snap = await store.snapshot(p, NOW);
      expect(snap.offers).toHaveLength(1);
      const live = snap.offers[0]!;
      expect(await store.offerOf(live.workerId)).toEqual(live);
      expect(await store.release(live.consultId, 'not-this-offer')).toBeNull();
      expect(await store.release(live.consultId, live.offerId)).toEqual(live);
      expect(await store.release(live.consultId)).toBeNull();
      expect(await store.offerOf(live.workerId)).toBeNull();
      expect((await store.snapshot(p, NOW)).offers).toEqual([]);
    });

    it('a dispatch view holds only unoffered entries and free workers, and plans as the full snapshot does', async () => {
      await store.upsertEntry(entry(p, 'c1', { waitingSinceMs: NOW - 30 }));
      await store.upsertEntry(
        entry(p, 'c2', { waitingSinceMs: NOW - 20, excluded: ['w2'] }),
      );
      await store.upsertEntry(entry(p, 'c3', { waitingSinceMs: NOW - 10 }));
      await store.upsertEntry(entry(randomUUID(), 'elsewhere'));
      for (const w of ['w1', 'w2', 'w3', 'w5'])
        await store.putWorker(
          worker(p, w, { idleSinceMs: NOW - Number(w.slice(1)) }),
        );
      await store.putWorker(worker(p, 'w4', { availability: 'away' }));
      await store.touchConnections('i', ['w1', 'w2', 'w3', 'w4'], NOW + 5000);
      expect(await store.reserve(offer(p, 'c1', 'w1'), NOW)).toBe('ok');
      const view = await store.dispatchView(p, NOW);
      expect(view.entries.map((e) => e.consultId)).toEqual(['c2', 'c3']);
      expect(view.entries[0]!.excluded).toEqual(['w2']);
      // w1 rings, w4 is away, w5 is not connected.
      expect(view.workers.map((w) => w.userId).sort()).toEqual(['w2', 'w3']);
      expect(view.workers.every((w) => w.connected)).toBe(true);
      expect(view.offers).toEqual([]);
      const settings = { escalationSteps: [], interpreterAllowed: false };
      const pairs = (plan: ReturnType<typeof planOffers>) =>
        plan.map((o) => [o.entry.consultId, o.worker.userId]);
      expect(pairs(planOffers(view, settings, NOW))).toEqual(
        pairs(planOffers(await store.snapshot(p, NOW), settings, NOW)),
      );
      expect(pairs(planOffers(view, settings, NOW))).toEqual([
        ['c2', 'w3'],
        ['c3', 'w2'],
      ]);
      // A released offer frees its worker again; a dropped connection and another availability take them out.
      expect(await store.release('c1')).toMatchObject({ workerId: 'w1' });
      expect(
        (await store.dispatchView(p, NOW)).workers.map((w) => w.userId).sort(),
      ).toEqual(['w1', 'w2', 'w3']);
      await store.dropConnection('i', 'w1', NOW - 1);
      await store.setAvailability('w2', 'away', NOW);
      expect(
        (await store.dispatchView(p, NOW)).workers.map((w) => w.userId),
      ).toEqual(['w3']);
      await store.touchConnections('i', ['w1'], NOW + 5000);
      await store.setAvailability('w2', 'available', NOW + 1, NOW + 1);
      expect(
        (await store.dispatchView(p, NOW)).workers.map((w) => w.userId).sort(),
      ).toEqual(['w1', 'w2', 'w3']);
      // ...with the idle time that change set (longest idle rings first).
      expect(
        (await store.dispatchView(p, NOW)).workers.find(
          (w) => w.userId === 'w2',
        )?.idleSinceMs,
      ).toBe(NOW + 1);
      expect(await store.reserve(offer(p, 'c1', 'w1'), NOW)).toBe('ok');
      // Nobody left waiting without an offer: the view reads no worker at all.
      expect(await store.reserve(offer(p, 'c2', 'w3'), NOW)).toBe('ok');
      expect(await store.reserve(offer(p, 'c3', 'w2'), NOW)).toBe('ok');
      expect(await store.dispatchView(p, NOW)).toEqual({
        entries: [],
        workers: [],
        offers: [],
      });
    });

    it("a dispatch view shows a psychiatrist's profile as last put, after it changed", async () => {
      await store.upsertEntry(entry(p, 'c1'));
      await store.putWorker(worker(p, 'w1'));
      await store.touchConnections('i', ['w1'], NOW + 5000);
      expect(
        (await store.dispatchView(p, NOW)).workers.map((w) => w.specialties),
      ).toEqual([['adult']]);
      await store.putWorker(
        worker(p, 'w1', {
          specialties: ['adult', 'perinatal'],
          licensedStates: ['MA', 'NH'],
        }),
      );
      expect(
        (await store.dispatchView(p, NOW)).workers.map((w) => [
          w.specialties,
          w.licensedStates,
        ]),
      ).toEqual([
        [
          ['adult', 'perinatal'],
          ['MA', 'NH'],
        ],
      ]);
    });

    it("a line view has the snapshot's line and offers, and counts who is on duty without listing them", async () => {
      await store.upsertEntry(entry(p, 'c1', { waitingSinceMs: NOW - 30 }));
      await store.upsertEntry(
        entry(p, 'c2', { waitingSinceMs: NOW - 20, excluded: ['w9'] }),
      );
      await store.putWorker(worker(p, 'w1'));
      await store.putWorker(worker(p, 'w2', { availability: 'busy' }));
      await store.putWorker(worker(p, 'w3', { availability: 'away' }));
      await store.putWorker(worker(p, 'w4')); // available but not connected
      await store.putWorker(worker(randomUUID(), 'w5'));
      await store.touchConnections('i', ['w1', 'w2', 'w3', 'w5'], NOW + 5000);
      expect(await store.reserve(offer(p, 'c1', 'w1'), NOW)).toBe('ok');
      const [line, duty, snap] = [
        await store.lineView(p),
        await store.dutyCounts(p, NOW),
        await store.snapshot(p, NOW),
      ];
      expect(line.entries).toEqual(snap.entries);
      expect(line.offers).toEqual(snap.offers);
      expect(duty).toEqual(onDuty(snap.workers));
      expect(duty).toEqual({ available: 1, onDuty: 2 });
    });

    it('counts eligibility from its roster as from its snapshot, or has no roster (Redis)', async () => {
      await store.upsertEntry(entry(p, 'c1', { excluded: ['w2'] }));
      await store.upsertEntry(entry(p, 'c2', { patientState: 'NH' }));
      await store.upsertEntry(entry(randomUUID(), 'c3'));
      await store.putWorker(worker(p, 'w1'));
      await store.putWorker(worker(p, 'w2'));
      await store.putWorker(
        worker(p, 'w3', { availability: 'busy', licensedStates: ['MA', 'NH'] }),
      );
      await store.putWorker(worker(p, 'w4', { availability: 'offline' }));
      await store.putWorker(worker(randomUUID(), 'w5'));
      const ids = ['c1', 'c2', 'c3'];
      const roster = await store.dutyRoster(p, ids);
      if (kind === 'redis') {
        expect(roster).toBeNull();
        return;
      }
      expect(roster!.entries.map((e) => e.consultId).sort()).toEqual([
        'c1',
        'c2',
      ]);
      const counted = eligibleDutyIn(roster!, ids, false);
      expect(Object.fromEntries(counted)).toEqual({
        c1: { available: 1, onDuty: 2 },
        c2: { available: 0, onDuty: 1 },
      });
      expect(counted).toEqual(
        eligibleDutyIn(await store.snapshot(p, NOW), ids, false),
      );
    });

    it('hundreds of concurrent reservations never double-book a request or a worker', async () => {
      const consults = Array.from({ length: 30 }, (_, i) => `c${i}`);
      const workers = Array.from({ length: 20 }, (_, i) => `w${i}`);
      await Promise.all(consults.map((c) => store.upsertEntry(entry(p, c))));
      await Promise.all(workers.map((w) => store.putWorker(worker(p, w))));
      await store.touchConnections('i', workers, NOW + 5000);
      const attempts = consults.flatMap((c) =>
        workers.map((w) => offer(p, c, w)),
      );
      attempts.sort(() => Math.random() - 0.5);
      await Promise.all(attempts.map((o) => store.reserve(o, NOW)));
      const { offers } = await store.snapshot(p, NOW);
      expect(offers).toHaveLength(20);
      expect(new Set(offers.map((o) => o.consultId)).size).toBe(20);
      expect(new Set(offers.map((o) => o.workerId)).size).toBe(20);
    });

    it('restores an offer without checks and reports loss of data as not intact', async () => {
      expect(await store.isIntact()).toBe(false);
      await store.markIntact();
      expect(await store.isIntact()).toBe(true);
      const o = offer(p, 'c1', 'w1');
      await store.restoreOffer(o);
      expect(await store.offerOf('w1')).toEqual(o);
      await store.clear();
      expect(await store.isIntact()).toBe(false);
      expect(await store.offerOf('w1')).toBeNull();
    });
  },
);
