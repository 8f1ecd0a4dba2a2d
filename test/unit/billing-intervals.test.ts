import {
  addDays,
  daysBetween,
  isoInstant,
  localDate,
  localMidnight,
  monthBounds,
} from '../../server/billing/calendar-days';
import {
  intersectSpans,
  unionSpans,
} from '../../server/billing/call-intervals';
import { mergeIntervals } from '../../server/billing/interval-merge';

const M = 60_000;

describe('interval merging with class precedence', () => {
  it.each([
    [
      'disjoint',
      [
        [0, 10, 'discussion'],
        [20, 25, 'data_review'],
      ],
      { discussion: 10, data_review: 5 },
      15,
      0,
    ],
    [
      'nested review inside a call',
      [
        [0, 10, 'discussion'],
        [2, 5, 'data_review'],
      ],
      { discussion: 10, data_review: 0 },
      10,
      3,
    ],
    [
      'partial overlap, writing outranks review',
      [
        [0, 10, 'data_review'],
        [5, 15, 'report_writing'],
      ],
      { data_review: 5, report_writing: 10 },
      15,
      5,
    ],
    [
      'identical duplicates count once',
      [
        [0, 10, 'data_review'],
        [0, 10, 'data_review'],
      ],
      { data_review: 10 },
      10,
      10,
    ],
    [
      'touching intervals do not overlap',
      [
        [0, 10, 'discussion'],
        [10, 20, 'discussion'],
      ],
      { discussion: 20 },
      20,
      0,
    ],
    [
      'empty and inverted intervals are ignored',
      [
        [5, 5, 'discussion'],
        [9, 3, 'discussion'],
      ],
      { discussion: 0 },
      0,
      0,
    ],
  ] as const)('%s', (_label, input, byClass, total, overlap) => {
    const r = mergeIntervals(
      input.map(([a, b, cls]) => ({ start: a * M, end: b * M, cls })),
    );
    for (const [cls, min] of Object.entries(byClass))
      expect(r.ms[cls as keyof typeof r.ms]).toBe(min * M);
    expect(r.totalMs).toBe(total * M);
    expect(r.overlapMs).toBe(overlap * M);
  });

  it('keeps counted spans contiguous per class', () => {
    const r = mergeIntervals([
      { start: 0, end: 10 * M, cls: 'discussion' },
      { start: 5 * M, end: 15 * M, cls: 'data_review' },
    ]);
    expect(r.spans).toEqual([
      { start: 0, end: 10 * M, cls: 'discussion' },
      { start: 10 * M, end: 15 * M, cls: 'data_review' },
    ]);
  });
});

describe('span union and intersection', () => {
  it('unions and intersects', () => {
    expect(
      unionSpans([
        { start: 5, end: 8 },
        { start: 0, end: 6 },
        { start: 10, end: 12 },
      ]),
    ).toEqual([
      { start: 0, end: 8 },
      { start: 10, end: 12 },
    ]);
    expect(
      intersectSpans(
        [
          { start: 0, end: 10 },
          { start: 20, end: 30 },
        ],
        [{ start: 5, end: 25 }],
      ),
    ).toEqual([
      { start: 5, end: 10 },
      { start: 20, end: 25 },
    ]);
  });
});

describe('program calendar', () => {
  it('dates instants in the program zone', () => {
    expect(
      localDate(Date.parse('2025-04-01T03:59:00Z'), 'America/New_York'),
    ).toBe('2025-03-31');
    expect(
      localDate(Date.parse('2025-04-01T04:00:00Z'), 'America/New_York'),
    ).toBe('2025-04-01');
    expect(
      localDate(Date.parse('2025-04-01T04:00:00Z'), 'America/Los_Angeles'),
    ).toBe('2025-03-31');
  });

  it('finds local midnight across DST changes and bounds months', () => {
    expect(
      new Date(localMidnight('2025-03-09', 'America/New_York')).toISOString(),
    ).toBe('2025-03-09T05:00:00.000Z');
    expect(
      new Date(localMidnight('2025-03-10', 'America/New_York')).toISOString(),
    ).toBe('2025-03-10T04:00:00.000Z');
    const b = monthBounds('2025-12', 'America/New_York');
    expect([
      new Date(b.start).toISOString(),
      new Date(b.end).toISOString(),
    ]).toEqual(['2025-12-01T05:00:00.000Z', '2026-01-01T05:00:00.000Z']);
  });

  it('counts calendar days', () => {
    expect(daysBetween('2025-02-27', '2025-03-01')).toBe(2);
    expect(daysBetween('2024-02-27', '2024-03-01')).toBe(3);
    expect(addDays('2025-12-25', 14)).toBe('2026-01-08');
  });

  it('writes instants exactly as Date#toISOString does', () => {
    const instants = [
      0,
      -1,
      86_399_999,
      -86_400_001,
      Date.parse('2024-02-29T23:59:59.999Z'),
      Date.parse('0000-01-01T00:00:00Z'),
      Date.parse('9999-12-31T23:59:59.999Z'),
      8.64e15,
      -8.64e15,
      1.5,
    ];
    for (const ms of instants)
      expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
    expect(() => isoInstant(NaN)).toThrow(RangeError);
  });
});
