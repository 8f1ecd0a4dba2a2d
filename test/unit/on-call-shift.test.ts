import { shiftInstants } from '../../server/program-ops/on-call-shift';

const NY = 'America/New_York';
const at = (r: ReturnType<typeof shiftInstants>) =>
  'field' in r
    ? r
    : {
        starts: new Date(r.startsMs).toISOString(),
        ends: new Date(r.endsMs).toISOString(),
        hours: (r.endsMs - r.startsMs) / 3_600_000,
      };

describe('on-call shift instants in the program time zone (New York)', () => {
  it.each([
    // An ordinary winter day: EST is UTC-5.
    [
      '2026-01-12',
      '09:00',
      '17:00',
      {
        starts: '2026-01-12T14:00:00.000Z',
        ends: '2026-01-12T22:00:00.000Z',
        hours: 8,
      },
    ],
    // An end at or before the start is the next morning.
    [
      '2026-01-12',
      '17:00',
      '08:00',
      {
        starts: '2026-01-12T22:00:00.000Z',
        ends: '2026-01-13T13:00:00.000Z',
        hours: 15,
      },
    ],
    // The same start and end: a 24-hour shift.
    [
      '2026-01-12',
      '08:00',
      '08:00',
      {
        starts: '2026-01-12T13:00:00.000Z',
        ends: '2026-01-13T13:00:00.000Z',
        hours: 24,
      },
    ],
    // Overnight into spring forward (8 March 2026): one real hour shorter.
    [
      '2026-03-07',
      '20:00',
      '08:00',
      {
        starts: '2026-03-08T01:00:00.000Z',
        ends: '2026-03-08T12:00:00.000Z',
        hours: 11,
      },
    ],
    // Overnight into fall back (1 November 2026): one real hour longer.
    [
      '2026-10-31',
      '20:00',
      '08:00',
      {
        starts: '2026-11-01T00:00:00.000Z',
        ends: '2026-11-01T13:00:00.000Z',
        hours: 13,
      },
    ],
    // 01:30 on the fall-back day happens twice: the first one (EDT).
    [
      '2026-11-01',
      '01:30',
      '09:00',
      {
        starts: '2026-11-01T05:30:00.000Z',
        ends: '2026-11-01T14:00:00.000Z',
        hours: 8.5,
      },
    ],
  ])('%s %s-%s', (date, start, end, want) => {
    expect(at(shiftInstants({ date, start, end }, NY))).toEqual(want);
  });

  it.each([
    // 02:30 does not exist on the spring-forward day: refused, not moved.
    ['2026-03-08', '02:30', '09:00', 'start'],
    ['2026-03-07', '22:00', '02:15', 'end'],
  ])('refuses %s %s-%s: the %s does not exist', (date, start, end, field) => {
    const r = shiftInstants({ date, start, end }, NY);
    expect(r).toMatchObject({ field });
    expect('message' in r && r.message).toMatch(/does not exist on 2026-03-08/);
  });
});
