import {
  businessDayMs,
  openMsBetween,
} from '../../server/econsults/business-reply-clock';
import { sweepAction } from '../../server/econsults/reply-clock';

/** 08:00-18:00 on weekdays in Boston; 2026-12-25 (a Friday) is a holiday. */
const weekdays = { open: '08:00', close: '18:00' };
const calendar = {
  timeZone: 'America/New_York',
  hours: {
    weekly: {
      mon: [weekdays],
      tue: [weekdays],
      wed: [weekdays],
      thu: [weekdays],
      fri: [weekdays],
    },
    holidays: ['2026-12-25', '2026-12-28'],
  },
};
const settings = {
  econsultReplyTargetHours: 24,
  econsultReplyTargetBusinessDays: 1,
  econsultExpireAfterHours: 24 * 30,
};
const at = (iso: string) => Date.parse(iso);
const claimed = (queued: string, pausedSeconds = 0) => ({
  status: 'claimed' as const,
  queuedAtMs: at(queued),
  pausedSeconds,
  awaitingSinceMs: null,
  alerted: false,
});

describe('business-day reply target on program hours', () => {
  it('one business day is the open time of a day: 10 hours', () => {
    expect(businessDayMs(calendar.hours)).toBe(10 * 3_600_000);
  });

  // [case, queued (UTC instant), last instant not overdue, first overdue]
  it.each([
    [
      'Tuesday 09:00 EST -> Wednesday 09:00',
      '2026-12-01T14:00:00Z',
      '2026-12-02T13:59:59Z',
      '2026-12-02T14:00:00Z',
    ],
    [
      'Friday 16:00 -> over the weekend to Monday 16:00',
      '2026-12-04T21:00:00Z',
      '2026-12-07T20:59:59Z',
      '2026-12-07T21:00:00Z',
    ],
    [
      'Saturday (closed) -> the clock starts Monday 08:00, due 18:00',
      '2026-12-05T15:00:00Z',
      '2026-12-07T22:59:59Z',
      '2026-12-07T23:00:00Z',
    ],
    [
      'Thursday 12:00 before a Christmas Friday and a closed Monday -> Tuesday 12:00',
      '2026-12-24T17:00:00Z',
      '2026-12-29T16:59:59Z',
      '2026-12-29T17:00:00Z',
    ],
    [
      'Friday 16:00 EST before the spring-forward weekend -> Monday 16:00 EDT (71 wall hours)',
      '2026-03-06T21:00:00Z',
      '2026-03-09T19:59:59Z',
      '2026-03-09T20:00:00Z',
    ],
    [
      'Friday 16:00 EDT before the fall-back weekend -> Monday 16:00 EST (73 wall hours)',
      '2026-10-30T20:00:00Z',
      '2026-11-02T20:59:59Z',
      '2026-11-02T21:00:00Z',
    ],
  ])('%s', (_name, queued, before, after) => {
    const c = claimed(queued);
    expect(sweepAction(c, settings, at(before), calendar)).toBeNull();
    expect(sweepAction(c, settings, at(after), calendar)).toBe('overdue');
  });

  it('two hours waiting on the PCP move the due time two open hours later', () => {
    const c = claimed('2026-12-01T14:00:00Z', 2 * 3600);
    expect(
      sweepAction(c, settings, at('2026-12-02T15:59:59Z'), calendar),
    ).toBeNull();
    expect(sweepAction(c, settings, at('2026-12-02T16:00:00Z'), calendar)).toBe(
      'overdue',
    );
  });

  it('a pause still running counts only its open time against the clock', () => {
    const c = {
      ...claimed('2026-12-01T14:00:00Z'),
      status: 'awaiting_pcp' as const,
      awaitingSinceMs: at('2026-12-01T15:00:00Z'),
    };
    // Paused: never overdue while waiting on the PCP.
    expect(
      sweepAction(c, settings, at('2026-12-09T15:00:00Z'), calendar),
    ).toBeNull();
  });

  it('without program hours the target stays in wall hours (24 h)', () => {
    const none = {
      timeZone: 'America/New_York',
      hours: { weekly: {}, holidays: [] },
    };
    const c = claimed('2026-12-04T21:00:00Z');
    expect(
      sweepAction(c, settings, at('2026-12-05T20:59:59Z'), none),
    ).toBeNull();
    expect(sweepAction(c, settings, at('2026-12-05T21:00:00Z'), none)).toBe(
      'overdue',
    );
    expect(sweepAction(c, settings, at('2026-12-05T21:00:00Z'), null)).toBe(
      'overdue',
    );
  });

  it('open time across a weekend is only the weekday hours', () => {
    expect(
      openMsBetween(
        calendar,
        at('2026-12-04T21:00:00Z'),
        at('2026-12-07T21:00:00Z'),
      ),
    ).toBe(10 * 3_600_000);
  });
});
