import {
  adapt,
  initialAdaptation,
  LINK_THRESHOLDS as T,
  type LinkAdaptation,
  type LinkSample,
} from '../../client/src/call/link-adaptation';

/**
 * The network steps of one p2p connection: down quickly, up slowly, and
 * slower each time audio only had to come back. Samples are one a second.
 */
const sample = (
  at: number,
  lossRatio: number | null,
  rttMs = 100,
): LinkSample => ({ at, lossRatio, rttMs, sendKbps: null });

/**
 * Feeds one sample a second from `from` (ms) for `seconds`; returns every
 * state.
 */
function run(
  start: LinkAdaptation,
  from: number,
  seconds: number,
  loss: number | null,
  rttMs = 100,
): LinkAdaptation[] {
  const out: LinkAdaptation[] = [];
  let a = start;
  for (let i = 1; i <= seconds; i++) {
    a = adapt(a, sample(from + i * 1000, loss, rttMs));
    out.push(a);
  }
  return out;
}
const last = <T>(xs: T[]) => xs[xs.length - 1]!;
const firstAt = (xs: LinkAdaptation[], step: string) =>
  xs.find((a) => a.step === step)?.since ?? null;

describe('network steps of a call connection', () => {
  it('starts with low video and lifts it after a short calm on a clean link', () => {
    const start = initialAdaptation(0);
    expect(start.step).toBe('low-video');
    const states = run(start, 0, 6, 0);
    expect(firstAt(states, 'video')).toBe(1000 + T.startCalmMs);
  });

  it('keeps low video while loss is rural-like (2 %) and never goes audio only', () => {
    const states = run(initialAdaptation(0), 0, 60, 0.02);
    expect(states.every((a) => a.step === 'low-video')).toBe(true);
  });

  it('caps video at once when the round trip grows long (satellite)', () => {
    const onVideo = last(run(initialAdaptation(0), 0, 5, 0));
    expect(onVideo.step).toBe('video');
    const next = adapt(onVideo, sample(6000, 0.01, 600));
    expect(next).toMatchObject({ step: 'low-video', since: 6000 });
  });

  it.each([
    ['5 % loss on a 300 ms round trip (poor)', 0.05, 300],
    ['3 % loss on a 250 ms round trip', 0.03, 250],
    ['8 % loss on a short round trip', 0.08, 60],
  ])('goes audio only after %s holds for 2 samples', (_, loss, rtt) => {
    const states = run(initialAdaptation(0), 0, 10, loss, rtt);
    expect(T.audioOnlyRuns).toBe(2);
    expect(firstAt(states, 'audio-only')).toBe(2000);
  });

  it.each([
    ['2 % on 150 ms (rural)', 0.02, 150],
    ['5 % on a short round trip (retransmission repairs video)', 0.05, 60],
    ['1 % on 600 ms (satellite)', 0.01, 600],
  ])('keeps (low) video at %s', (_, loss, rtt) => {
    const states = run(initialAdaptation(0), 0, 120, loss, rtt);
    expect(states.some((a) => a.step === 'audio-only')).toBe(false);
  });

  it('does not go audio only on one bad window between good ones', () => {
    let a = initialAdaptation(0);
    const steps = new Set<string>();
    for (let i = 1; i <= 30; i++) {
      a = adapt(a, sample(i * 1000, i % 3 === 0 ? 0.08 : 0.01));
      steps.add(a.step);
    }
    expect(steps.has('audio-only')).toBe(false);
  });

  it('ignores windows with too few packets to tell', () => {
    const states = run(initialAdaptation(0), 0, 10, null);
    expect(last(states).step).toBe('video');
  });

  it('tries video again after the hold, and doubles the hold each time it has to come back', () => {
    let states = run(initialAdaptation(0), 0, 2, 0.06, 300);
    let a = last(states);
    expect(a).toMatchObject({ step: 'audio-only', audioOnlyEntries: 1 });
    // Calm: low video after the first hold, not before.
    states = run(a, 2000, T.audioOnlyHoldMs / 1000 + 2, 0);
    const back = firstAt(states, 'low-video');
    expect(back).toBe(2000 + 1000 + T.audioOnlyHoldMs);
    a = last(states);
    // Poor again: audio only, and now twice the calm before low video.
    states = run(a, a.since + 2000, 2, 0.06, 300);
    a = last(states);
    expect(a).toMatchObject({ step: 'audio-only', audioOnlyEntries: 2 });
    states = run(a, a.since, (2 * T.audioOnlyHoldMs) / 1000 + 2, 0);
    expect(firstAt(states, 'low-video')).toBe(
      a.since + 1000 + 2 * T.audioOnlyHoldMs,
    );
  });

  it('stays audio only while the loss stays', () => {
    const states = run(initialAdaptation(0), 0, 300, 0.05, 300);
    expect(last(states).step).toBe('audio-only');
    expect(last(states).audioOnlyEntries).toBe(1);
  });

  it('needs a long calm before full video once the link has been weak', () => {
    let a = last(run(initialAdaptation(0), 0, 5, 0.02));
    expect(a.step).toBe('low-video');
    const states = run(a, 5000, 20, 0);
    expect(firstAt(states, 'video')).toBe(5000 + 1000 + T.videoCalmMs);
  });
});
