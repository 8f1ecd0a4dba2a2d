import {
  isOpen,
  localInstant,
  nextOpening,
  spansOn,
  type ProgramHours,
} from '../../server/program-ops/program-hours';

const NY = 'America/New_York';
const iso = (ms: number | null) =>
  ms === null ? null : new Date(ms).toISOString();
const WEEKDAYS_8_TO_5: ProgramHours = {
  weekly: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [
      d,
      [{ open: '08:00', close: '17:00' }],
    ]),
  ),
  holidays: ['2026-12-25'],
};

describe('local wall-clock times across daylight-saving changes (New York)', () => {
  it.each([
    // Spring forward, 8 March 2026: 02:00-02:59 does not exist.
    ['2026-03-08', '01:59', '2026-03-08T06:59:00.000Z'],
    ['2026-03-08', '02:00', null],
    ['2026-03-08', '02:30', null],
    ['2026-03-08', '03:00', '2026-03-08T07:00:00.000Z'],
    ['2026-03-08', '08:00', '2026-03-08T12:00:00.000Z'],
    ['2026-03-07', '08:00', '2026-03-07T13:00:00.000Z'],
    // Fall back, 1 November 2026: 01:30 happens twice; the first is taken.
    ['2026-11-01', '01:30', '2026-11-01T05:30:00.000Z'],
    ['2026-11-01', '03:00', '2026-11-01T08:00:00.000Z'],
    ['2026-11-01', '00:00', '2026-11-01T04:00:00.000Z'],
    ['2026-11-02', '08:00', '2026-11-02T13:00:00.000Z'],
  ])('%s %s local is %s', (date, time, expected) => {
    expect(iso(localInstant(date, time, NY))).toBe(expected);
  });

  it('opens a 02:30 slot on the spring-forward day at 03:00, the first minute that exists', () => {
    const hours: ProgramHours = {
      weekly: { sun: [{ open: '02:30', close: '04:00' }] },
      holidays: [],
    };
    expect(
      spansOn(hours, '2026-03-08', NY).map((s) => [
        iso(s.openMs),
        iso(s.closeMs),
      ]),
    ).toEqual([['2026-03-08T07:00:00.000Z', '2026-03-08T08:00:00.000Z']]);
    // The next Sunday it is a 90-minute slot again.
    const next = spansOn(hours, '2026-03-15', NY)[0]!;
    expect((next.closeMs - next.openMs) / 60_000).toBe(90);
  });
});

describe('open now, and the next opening', () => {
  it.each([
    [
      'Friday 16:59 local',
      '2026-03-06T21:59:00Z',
      true,
      '2026-03-06T21:59:00.000Z',
    ],
    [
      'Friday 17:00 local: closed',
      '2026-03-06T22:00:00Z',
      false,
      '2026-03-09T12:00:00.000Z',
    ],
    // Over the spring-forward weekend: Monday 08:00 is now UTC-4.
    [
      'Saturday night',
      '2026-03-08T03:00:00Z',
      false,
      '2026-03-09T12:00:00.000Z',
    ],
    [
      'Thursday before Christmas, 18:00',
      '2026-12-24T23:00:00Z',
      false,
      '2026-12-28T13:00:00.000Z',
    ],
    [
      'Monday 07:59 EST',
      '2026-11-02T12:59:00Z',
      false,
      '2026-11-02T13:00:00.000Z',
    ],
  ])('%s: open %s, next opening %s', (_label, now, open, next) => {
    const ms = Date.parse(now);
    expect(isOpen(WEEKDAYS_8_TO_5, NY, ms)).toBe(open);
    expect(iso(nextOpening(WEEKDAYS_8_TO_5, NY, ms))).toBe(next);
  });

  it('is always open without weekly hours, and never opens with only holidays ahead', () => {
    const now = Date.parse('2026-03-08T03:00:00Z');
    expect(isOpen({ weekly: {}, holidays: [] }, NY, now)).toBe(true);
    expect(
      nextOpening(
        {
          weekly: { mon: [], tue: [{ open: '09:00', close: '10:00' }] },
          holidays: [],
        },
        NY,
        now,
      ),
    ).toBe(Date.parse('2026-03-10T13:00:00Z'));
  });
});
