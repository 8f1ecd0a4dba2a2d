import {
  NEW_CALL_WEIGHT,
  pickLeastLoaded,
  workerLoad,
  type WorkerSlotLoad,
} from '../../server/media/mediasoup/worker-load';

const slot = (
  index: number,
  mediaObjects: number,
  routers: number,
  alive = true,
): WorkerSlotLoad => ({ index, alive, mediaObjects, routers });

describe('placing a call on the least-loaded mediasoup worker', () => {
  it.each<[string, WorkerSlotLoad[], number | null]>([
    ['fewest media objects wins', [slot(0, 40, 3), slot(1, 12, 3)], 1],
    [
      'a dead worker is never chosen',
      [slot(0, 90, 9), slot(1, 0, 0, false)],
      0,
    ],
    ['ties go to the lowest index', [slot(0, 16, 2), slot(1, 16, 2)], 0],
    [
      'fresh calls count before they carry media (no pile-up on one idle worker)',
      [slot(0, 0, 3), slot(1, 10, 1)],
      1,
    ],
    ['no live worker: none', [slot(0, 0, 0, false)], null],
    ['no workers at all: none', [], null],
  ])('%s', (_name, slots, want) => {
    expect(pickLeastLoaded(slots)?.index ?? null).toBe(want);
  });

  it('counts a new call as a two-party video call', () => {
    expect(workerLoad(slot(0, 0, 1))).toBe(NEW_CALL_WEIGHT);
    expect(workerLoad(slot(0, 100, 1))).toBe(100);
  });
});
