/**
 * How much video one peer connection carries, stepped down and up by what
 * its stats say about the network. Pure (plain data in, plain data out; the
 * caller passes the time), so the thresholds below are table-tested; the
 * browser side is ./link-adapter.ts. Figures behind them: docs/network.md.
 *
 * Steps: `video` (the browser's own congestion control decides), `low-video`
 * (capped and scaled down so audio keeps its room), `audio-only` (video
 * stopped both ways on this connection). Down quickly, up slowly: a step
 * down follows a few bad windows, a step up a long calm, and every return to
 * audio only doubles the calm it takes to try video again.
 */
export type LinkStep = 'video' | 'low-video' | 'audio-only';

export interface LinkSample {
  /** ms, the caller's clock. */
  at: number;
  /**
   * Lost / sent over the last window, the worst of audio and video in both
   * directions; null: too few packets to tell.
   */
  lossRatio: number | null;
  rttMs: number | null;
  /**
   * The browser's send estimate (availableOutgoingBitrate), kbit/s. Logged,
   * not a trigger: it reads low for seconds at a call's start and under
   * random loss (97 kbit/s on a 300 kbit/s rural uplink).
   */
  sendKbps: number | null;
}

export interface LinkAdaptation {
  step: LinkStep;
  /** When this step began. */
  since: number;
  /** Consecutive samples that said "audio only". */
  poorRuns: number;
  /** Since when samples have been calm (null: the last one was not). */
  calmSince: number | null;
  /** How many times this connection went audio only. */
  audioOnlyEntries: number;
  /**
   * Whether this connection ever looked weak (the first promotion is quicker).
   */
  troubled: boolean;
  /** Why the last step was taken. */
  reason: string;
}

export const LINK_THRESHOLDS = {
  /**
   * Audio only when loss reaches this on a long round trip: video repairs a
   * lost packet by asking again, which costs a round trip, so beyond
   * audioOnlyRttMs every loss is a visible freeze and the retransmissions
   * crowd the audio. On a short round trip, only audioOnlyLoss alone.
   */
  audioOnlyLossLongRtt: 0.03,
  audioOnlyRttMs: 250,
  audioOnlyLoss: 0.08,
  /** Consecutive samples (one a second) before going audio only. */
  audioOnlyRuns: 2,
  /** Loss or round trip at or above which video is capped and scaled down. */
  lowVideoLoss: 0.015,
  lowVideoRttMs: 450,
  /** The cap, resolution divisor and frame rate of low video. */
  lowVideoKbps: 150,
  lowVideoScaleDown: 2,
  lowVideoMaxFps: 15,
  /**
   * In audio only, a deeper jitter buffer (ms): a lost packet is rebuilt
   * from the redundancy in the next ones only if they arrive before its
   * turn to play; bursts of two need ~3 packets (60 ms) plus the jitter.
   */
  audioOnlyJitterBufferMs: 200,
  /** Calm this long lifts low video to full (the first time: startCalmMs). */
  videoCalmMs: 15_000,
  startCalmMs: 3_000,
  /**
   * Calm this long in audio only tries low video again; doubled per re-entry,
   * up to the max.
   */
  audioOnlyHoldMs: 30_000,
  audioOnlyHoldMaxMs: 240_000,
} as const;

const T = LINK_THRESHOLDS;

/**
 * Calls begin with low video: the first seconds' estimate knows nothing yet,
 * and audio must get through.
 */
export function initialAdaptation(now: number): LinkAdaptation {
  return {
    step: 'low-video',
    since: now,
    poorRuns: 0,
    calmSince: null,
    audioOnlyEntries: 0,
    troubled: false,
    reason: 'start',
  };
}

function holdMs(entries: number): number {
  return Math.min(
    T.audioOnlyHoldMs * 2 ** Math.max(0, entries - 1),
    T.audioOnlyHoldMaxMs,
  );
}

export function adapt(a: LinkAdaptation, s: LinkSample): LinkAdaptation {
  const loss = s.lossRatio ?? 0;
  const rtt = s.rttMs ?? 0;
  const poor =
    loss >= T.audioOnlyLoss ||
    (loss >= T.audioOnlyLossLongRtt && rtt >= T.audioOnlyRttMs);
  const weak = poor || loss >= T.lowVideoLoss || rtt >= T.lowVideoRttMs;
  const poorRuns = poor ? a.poorRuns + 1 : 0;
  const calmSince = weak ? null : (a.calmSince ?? s.at);
  const next = { ...a, poorRuns, calmSince, troubled: a.troubled || weak };
  const to = (step: LinkStep, reason: string): LinkAdaptation => ({
    ...next,
    step,
    since: s.at,
    poorRuns: 0,
    calmSince: null,
    audioOnlyEntries: a.audioOnlyEntries + (step === 'audio-only' ? 1 : 0),
    reason,
  });
  const why = `loss ${(loss * 100).toFixed(1)}%, rtt ${Math.round(rtt)} ms`;
  if (a.step !== 'audio-only' && poorRuns >= T.audioOnlyRuns)
    return to('audio-only', why);
  if (a.step === 'video' && weak) return to('low-video', why);
  const calmMs = calmSince === null ? 0 : s.at - calmSince;
  if (
    a.step === 'low-video' &&
    calmMs >= (next.troubled ? T.videoCalmMs : T.startCalmMs)
  )
    return to('video', `calm ${Math.round(calmMs / 1000)} s`);
  if (a.step === 'audio-only' && calmMs >= holdMs(a.audioOnlyEntries))
    return to('low-video', `calm ${Math.round(calmMs / 1000)} s`);
  return next;
}
