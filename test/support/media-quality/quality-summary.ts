/**
 * What one person heard and saw in a call, from getStats samples taken every
 * few hundred ms (./probe-page.ts). Pure, so it runs in the page and in tests.
 */
export interface Sample {
  /** Date.now() */
  at: number;
  /** Cumulative inbound-rtp audio counters (all peer connections). */
  audio: {
    samples: number;
    concealed: number;
    packets: number;
    lost: number;
    /**
     * Packets rebuilt from redundancy (RED / FEC) as the browser counts them.
     */
    fecPackets: number;
    codec: string | null;
  };
  /** Cumulative inbound-rtp video counters; the largest frame size now. */
  video: {
    frames: number;
    freezes: number;
    freezeSeconds: number;
    width: number;
    height: number;
  };
  sentVideoBytes: number;
  /** The selected local candidate: type/protocol, e.g. relay/tcp. */
  path: string | null;
}

export interface QualitySummary {
  /** From the start mark to the first audio that was not concealment. */
  firstAudioMs: number | null;
  firstVideoMs: number | null;
  audio: {
    /** Concealed samples / samples played out, over the call. */
    concealedRatio: number;
    /** The same from STEADY_AFTER_MS on, once any adaptation has settled. */
    steadyConcealedRatio: number | null;
    secondsLost: number;
    /**
     * Longest run of sampling windows that were mostly concealment or silent.
     */
    longestGapMs: number;
    packetLossRatio: number;
    fecPackets: number;
    codec: string | null;
  };
  video: {
    freezes: number;
    freezeSeconds: number;
    /** Frames decoded per second from the first frame to the end. */
    meanFps: number;
    /** Mean received frame size over windows in which frames arrived. */
    meanWidth: number;
    meanHeight: number;
    /** Seconds in which video frames arrived. */
    secondsWithVideo: number;
  };
  path: string | null;
  seconds: number;
}

/**
 * A window counts as an audio gap when over half of it was concealed (or
 * nothing was played).
 */
const GAP_CONCEALED = 0.5;

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

const STEADY_AFTER_MS = 15_000;

export function summarize(t0: number, samples: Sample[]): QualitySummary {
  const last = samples[samples.length - 1];
  const firstAudio = samples.find((s) => s.audio.samples > s.audio.concealed);
  const firstVideo = samples.find((s) => s.video.frames > 0);
  let gap = 0;
  let longestGap = 0;
  let videoMs = 0;
  let sizeMs = 0;
  let widthMs = 0;
  let heightMs = 0;
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    const ms = b.at - a.at;
    if (firstAudio && a.at >= firstAudio.at) {
      const played = b.audio.samples - a.audio.samples;
      const concealed = b.audio.concealed - a.audio.concealed;
      if (played <= 0 || concealed / played > GAP_CONCEALED) gap += ms;
      else gap = 0;
      longestGap = Math.max(longestGap, gap);
    }
    if (b.video.frames > a.video.frames) {
      videoMs += ms;
      sizeMs += ms;
      widthMs += b.video.width * ms;
      heightMs += b.video.height * ms;
    }
  }
  const audioSeconds =
    firstAudio && last ? (last.at - firstAudio.at) / 1000 : 0;
  const concealedRatio = last?.audio.samples
    ? last.audio.concealed / last.audio.samples
    : 0;
  const packets = last ? last.audio.packets + last.audio.lost : 0;
  const steady = samples.find((x) => x.at - t0 >= STEADY_AFTER_MS);
  const steadyPlayed =
    steady && last ? last.audio.samples - steady.audio.samples : 0;
  const videoSpan = firstVideo && last ? (last.at - firstVideo.at) / 1000 : 0;
  return {
    firstAudioMs: firstAudio ? firstAudio.at - t0 : null,
    firstVideoMs: firstVideo ? firstVideo.at - t0 : null,
    audio: {
      concealedRatio: round(concealedRatio, 4),
      steadyConcealedRatio:
        steadyPlayed > 0
          ? round(
              (last!.audio.concealed - steady!.audio.concealed) / steadyPlayed,
              4,
            )
          : null,
      secondsLost: round(concealedRatio * audioSeconds, 2),
      longestGapMs: longestGap,
      packetLossRatio: packets ? round(last!.audio.lost / packets, 4) : 0,
      fecPackets: last?.audio.fecPackets ?? 0,
      codec: last?.audio.codec ?? null,
    },
    video: {
      freezes: last?.video.freezes ?? 0,
      freezeSeconds: round(last?.video.freezeSeconds ?? 0, 2),
      meanFps:
        firstVideo && videoSpan > 0
          ? round((last!.video.frames - firstVideo.video.frames) / videoSpan, 1)
          : 0,
      meanWidth: sizeMs ? Math.round(widthMs / sizeMs) : 0,
      meanHeight: sizeMs ? Math.round(heightMs / sizeMs) : 0,
      secondsWithVideo: round(videoMs / 1000, 1),
    },
    path: last?.path ?? null,
    seconds: last ? round((last.at - t0) / 1000, 1) : 0,
  };
}
