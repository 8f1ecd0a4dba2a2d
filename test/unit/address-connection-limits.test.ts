import {
  AddressConnectionLimits,
  socketClientAddress,
} from '../../signaling/address-connection-limits';

const policy = { maxOpen: 3, burst: 5, perMinute: 60 };

/** Events: [at ms, 'open' | 'close', address]; the verdicts of the opens. */
function run(events: [number, 'open' | 'close', string][]) {
  const limits = new AddressConnectionLimits(policy);
  return events.flatMap(([at, what, address]) => {
    if (what === 'close') {
      limits.closed(address);
      return [];
    }
    const v = limits.admit(address, at);
    return [v.ok ? 'ok' : `${v.reason}:${v.auditRefusals ?? '-'}`];
  });
}

const opens = (n: number, at: number, address = 'a') =>
  Array.from({ length: n }, () => [at, 'open', address] as const);

describe('AddressConnectionLimits', () => {
  it.each([
    ['up to maxOpen at once', opens(3, 0), ['ok', 'ok', 'ok']],
    [
      'one over maxOpen is refused, audited as the first refusal',
      opens(4, 0),
      ['ok', 'ok', 'ok', 'too_many_open:1'],
    ],
    [
      'a closed socket frees its place',
      [...opens(3, 0), [0, 'close', 'a'], ...opens(2, 0)],
      ['ok', 'ok', 'ok', 'ok', 'too_many_open:1'],
    ],
    [
      'opening and closing in a loop: the burst, then refused',
      Array.from({ length: 7 }, (_, i) => [
        [i, 'open', 'a'],
        [i, 'close', 'a'],
      ]).flat(),
      ['ok', 'ok', 'ok', 'ok', 'ok', 'too_many_new:1', 'too_many_new:-'],
    ],
    [
      'the bucket refills at perMinute (one a second here)',
      [
        ...Array.from({ length: 5 }, (_, i) => [
          [i, 'open', 'a'],
          [i, 'close', 'a'],
        ]).flat(),
        [10, 'open', 'a'],
        [1010, 'open', 'a'],
      ],
      ['ok', 'ok', 'ok', 'ok', 'ok', 'too_many_new:1', 'ok'],
    ],
    [
      'another address is unaffected',
      [...opens(4, 0, 'a'), ...opens(3, 0, 'b')],
      ['ok', 'ok', 'ok', 'too_many_open:1', 'ok', 'ok', 'ok'],
    ],
    [
      'audited again a minute later with the refusals since',
      [...opens(6, 0), [60_000, 'open', 'a']],
      [
        'ok',
        'ok',
        'ok',
        'too_many_open:1',
        'too_many_open:-',
        'too_many_open:-',
        'too_many_open:3',
      ],
    ],
  ] as [string, [number, 'open' | 'close', string][], string[]][])(
    '%s',
    (_name, events, expected) => {
      expect(run(events)).toEqual(expected);
    },
  );

  it('a close for an address with nothing open counts nothing', () => {
    const limits = new AddressConnectionLimits(policy);
    limits.closed('a');
    expect(limits.openFrom('a')).toBe(0);
    expect(limits.admit('a', 0)).toEqual({ ok: true });
    expect(limits.openFrom('a')).toBe(1);
  });
});

describe('socketClientAddress', () => {
  const peer = '127.0.0.1';
  it.each([
    ['no proxy trusted: the peer, whatever the header', false, '203.0.113.9'],
    ['trusted proxy: the left-most forwarded address', true, '203.0.113.9'],
    ['trusted proxy without the header: the peer', true, undefined],
    ['trusted proxy, an empty header: the peer', true, ''],
  ] as const)('%s', (_name, trust, header) => {
    const headers = {
      'x-forwarded-for':
        header === undefined ? undefined : `${header}, 10.0.0.2`,
    };
    const got = socketClientAddress({ address: peer, headers }, trust);
    expect(got).toBe(trust && header ? header : peer);
  });
});
