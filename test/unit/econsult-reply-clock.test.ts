import {
  countedMs,
  replyDueAtMs,
  sweepAction,
  type ReplyClockInput,
} from '../../server/econsults/reply-clock';

const H = 3_600_000;
const settings = {
  econsultReplyTargetHours: 24,
  econsultReplyTargetBusinessDays: 1,
  econsultExpireAfterHours: 72,
};
const base: ReplyClockInput & { alerted: boolean } = {
  status: 'pooled',
  queuedAtMs: 0,
  pausedSeconds: 0,
  awaitingSinceMs: null,
  alerted: false,
};

describe('eConsult reply clock', () => {
  it.each<
    [string, Partial<typeof base>, number, ReturnType<typeof sweepAction>]
  >([
    ['pooled, under target', {}, 23 * H, null],
    ['pooled, at target', {}, 24 * H, 'overdue'],
    ['already alerted', { alerted: true }, 30 * H, null],
    ['claimed past target', { status: 'claimed' }, 25 * H, 'overdue'],
    [
      'claimed, 2 h paused, 25 h wall',
      { status: 'claimed', pausedSeconds: 7200 },
      25 * H,
      null,
    ],
    [
      'claimed, 2 h paused, 26 h wall',
      { status: 'claimed', pausedSeconds: 7200 },
      26 * H,
      'overdue',
    ],
    [
      'waiting on the PCP for 10 h',
      { status: 'awaiting_pcp', awaitingSinceMs: 20 * H },
      30 * H,
      null,
    ],
    ['pooled past expiry', {}, 72 * H, 'expire'],
    ['pooled past expiry, alerted', { alerted: true }, 80 * H, 'expire'],
    [
      'claimed never expires',
      { status: 'claimed', alerted: true },
      100 * H,
      null,
    ],
    ['completed: nothing', { status: 'completed' }, 100 * H, null],
  ])('%s', (_name, patch, now, action) => {
    expect(sweepAction({ ...base, ...patch }, settings, now)).toBe(action);
  });

  it('counts neither ended pauses nor the current one', () => {
    expect(countedMs({ ...base, pausedSeconds: 3600 }, 5 * H)).toBe(4 * H);
    expect(countedMs({ ...base, awaitingSinceMs: 3 * H }, 5 * H)).toBe(3 * H);
  });

  it('moves the due time by the pauses and has none while paused', () => {
    expect(replyDueAtMs(base, settings)).toBe(24 * H);
    expect(replyDueAtMs({ ...base, pausedSeconds: 1800 }, settings)).toBe(
      24 * H + 1800_000,
    );
    expect(replyDueAtMs({ ...base, awaitingSinceMs: H }, settings)).toBeNull();
  });
});
