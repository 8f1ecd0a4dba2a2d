import { FloodGuard, type FloodVerdict } from '../../signaling/flood-guard';

const policy = {
  perSecond: 10,
  burst: 5,
  warnEveryMs: 1000,
  maxWarnings: 2,
  calmMs: 5000,
  maxDropsPerWarning: 1000,
};

/** Sends `count` messages at `at` ms and tallies the verdicts. */
function burst(guard: FloodGuard, at: number, count: number) {
  const seen: Record<FloodVerdict, number> = {
    pass: 0,
    warn: 0,
    drop: 0,
    disconnect: 0,
  };
  for (let i = 0; i < count; i++) seen[guard.admit(at)]++;
  return seen;
}

describe('FloodGuard', () => {
  it.each([
    ['within burst', [[0, 5]], { pass: 5, warn: 0, drop: 0, disconnect: 0 }],
    [
      'over burst: one warning, the rest dropped silently',
      [[0, 50]],
      { pass: 5, warn: 1, drop: 44, disconnect: 0 },
    ],
    [
      'refilled after a second, up to the burst',
      [
        [0, 5],
        [1000, 10],
      ],
      { pass: 10, warn: 1, drop: 4, disconnect: 0 },
    ],
  ] as const)('%s', (_label, bursts, expected) => {
    const guard = new FloodGuard(policy, 0);
    const total = { pass: 0, warn: 0, drop: 0, disconnect: 0 };
    for (const [at, n] of bursts) {
      const seen = burst(guard, at, n);
      for (const k of Object.keys(total) as FloodVerdict[]) total[k] += seen[k];
    }
    expect(total).toEqual(expected);
  });

  it('disconnects after maxWarnings warnings without a calm spell', () => {
    const guard = new FloodGuard(policy, 0);
    const verdicts = [0, 1000, 2000].map((t) => {
      const seen = burst(guard, t, 100);
      return seen.disconnect ? 'disconnect' : seen.warn ? 'warn' : 'none';
    });
    expect(verdicts).toEqual(['warn', 'warn', 'disconnect']);
  });

  it('disconnects at once when a warning period drops more than maxDropsPerWarning', () => {
    const guard = new FloodGuard({ ...policy, maxDropsPerWarning: 50 }, 0);
    const seen = burst(guard, 0, 5 + 1 + 50 + 1);
    expect(seen).toEqual({ pass: 5, warn: 1, drop: 50, disconnect: 1 });
  });

  it('forgets warnings after calmMs of quiet', () => {
    const guard = new FloodGuard(policy, 0);
    expect(burst(guard, 0, 100).warn).toBe(1);
    expect(burst(guard, 1000, 100).warn).toBe(1);
    const later = burst(guard, 1000 + policy.calmMs, 100);
    expect(later).toMatchObject({ warn: 1, disconnect: 0 });
  });
});
