import { PasswordCheckQueue } from '../../server/auth/password-check-queue';

/** A check that records how many run at once, per key and in all. */
function recorder() {
  let now = 0;
  let peak = 0;
  const perKey = new Map<string, number>();
  const peakPerKey = new Map<string, number>();
  const check = (key: string) => async () => {
    now++;
    peak = Math.max(peak, now);
    perKey.set(key, (perKey.get(key) ?? 0) + 1);
    peakPerKey.set(
      key,
      Math.max(peakPerKey.get(key) ?? 0, perKey.get(key) ?? 0),
    );
    await new Promise((r) => setTimeout(r, 5));
    now--;
    perKey.set(key, perKey.get(key)! - 1);
    return key;
  };
  return { check, peak: () => peak, peakPerKey };
}

describe('PasswordCheckQueue', () => {
  it.each([
    // [max at once, addresses, checks per address, expected peak]
    [1, 3, 4, 1],
    [2, 3, 4, 2],
    [4, 2, 5, 2],
  ])(
    'max %i at once, %i addresses x %i checks: peak %i, one per address',
    async (max, keys, each, peak) => {
      const q = new PasswordCheckQueue(max);
      const r = recorder();
      const runs = [];
      for (let k = 0; k < keys; k++)
        for (let i = 0; i < each; i++)
          runs.push(q.run(`a${k}`, r.check(`a${k}`)));
      const out = await Promise.all(runs);
      expect(out.filter((x) => x !== 'busy')).toHaveLength(keys * each);
      expect(r.peak()).toBe(peak);
      expect([...r.peakPerKey.values()].every((n) => n === 1)).toBe(true);
    },
  );

  it('tells an address it is busy past its waiting line, and recovers', async () => {
    const q = new PasswordCheckQueue(1, 3);
    const r = recorder();
    const out = await Promise.all(
      Array.from({ length: 5 }, () => q.run('a', r.check('a'))),
    );
    expect(out).toEqual(['a', 'a', 'a', 'busy', 'busy']);
    expect(await q.run('a', r.check('a'))).toBe('a');
  });

  it('frees the slot when a check throws', async () => {
    const q = new PasswordCheckQueue(1);
    await expect(
      q.run('a', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await q.run('b', async () => 'ok')).toBe('ok');
  });
});
