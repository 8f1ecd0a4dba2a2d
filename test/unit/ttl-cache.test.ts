import { TtlCache } from '../../server/cache/ttl-cache';

describe('TtlCache', () => {
  let now = 1_000;
  beforeEach(() => jest.spyOn(Date, 'now').mockImplementation(() => now));
  afterEach(() => jest.restoreAllMocks());

  it('loads once per key within the TTL, shares the promise, and loads again after it', async () => {
    const cache = new TtlCache<number>(100);
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    const [a, b] = [cache.get('k', load), cache.get('k', load)];
    expect(a).toBe(b);
    expect(await a).toBe(1);
    now += 99;
    expect(await cache.get('k', load)).toBe(1);
    expect(await cache.get('other', load)).toBe(2);
    now += 1;
    expect(await cache.get('k', load)).toBe(3);
  });

  it('forgets a failed load at once, and serves a value set by this instance', async () => {
    const cache = new TtlCache<string>(1_000);
    await expect(
      cache.get('k', () => Promise.reject(new Error('db down'))),
    ).rejects.toThrow('db down');
    expect(await cache.get('k', () => Promise.resolve('retried'))).toBe(
      'retried',
    );
    cache.set('k', Promise.resolve('written here'));
    expect(await cache.get('k', () => Promise.resolve('not loaded'))).toBe(
      'written here',
    );
  });

  it('loads again at once after a key is deleted', async () => {
    const cache = new TtlCache<number>(1_000);
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    expect(await cache.get('k', load)).toBe(1);
    cache.delete('k');
    expect(await cache.get('k', load)).toBe(2);
    expect(await cache.get('k', load)).toBe(2);
  });

  it('stays bounded', async () => {
    const cache = new TtlCache<number>(1_000, 2);
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    await cache.get('a', load);
    await cache.get('b', load);
    await cache.get('c', load); // full: starts over
    expect(await cache.get('a', load)).toBe(4);
  });
});
