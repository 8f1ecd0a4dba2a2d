/**
 * Connection quality from two successive WebRTC stats samples (the worst peer
 * counts). Pure, so the thresholds are tested as a table. "poor" twice in a
 * row is when the page suggests audio only.
 */
export type Quality = 'good' | 'fair' | 'poor';

export interface QualitySample {
  roundTripTimeMs: number | null;
  packetsReceived: number;
  packetsLost: number;
  connectionState: string;
}

export function assessQuality(
  prev: QualitySample | null,
  cur: QualitySample,
): Quality {
  if (
    cur.connectionState === 'failed' ||
    cur.connectionState === 'disconnected'
  )
    return 'poor';
  const received = cur.packetsReceived - (prev?.packetsReceived ?? 0);
  const lost = cur.packetsLost - (prev?.packetsLost ?? 0);
  const lossRate = received + lost > 0 ? lost / (received + lost) : 0;
  const rtt = cur.roundTripTimeMs ?? 0;
  if (lossRate >= 0.08 || rtt >= 800) return 'poor';
  if (lossRate >= 0.03 || rtt >= 350) return 'fair';
  return 'good';
}

/** Pre-join network grade from a few round trips to our server and the browser's own estimate. */
export function gradeNetwork(
  rttsMs: number[],
  downlinkMbps: number | null,
): Quality {
  if (!rttsMs.length) return 'poor';
  const median = [...rttsMs].sort((a, b) => a - b)[
    Math.floor(rttsMs.length / 2)
  ]!;
  if (median >= 800 || (downlinkMbps !== null && downlinkMbps < 0.3))
    return 'poor';
  if (median >= 300 || (downlinkMbps !== null && downlinkMbps < 1.5))
    return 'fair';
  return 'good';
}

/** Camera constraints by network grade: small and slow on weak links, so video does not starve audio. */
export function videoConstraintsFor(q: Quality): MediaTrackConstraints {
  return q === 'good'
    ? {
        width: { ideal: 640, max: 960 },
        height: { ideal: 360, max: 540 },
        frameRate: { ideal: 24, max: 24 },
        facingMode: 'user',
      }
    : {
        width: { ideal: 320, max: 480 },
        height: { ideal: 180, max: 270 },
        frameRate: { ideal: 12, max: 15 },
        facingMode: 'user',
      };
}

/**
 * Video bitrate cap by link quality, in kbit/s. A weak rural uplink carries
 * little more than this, and audio (about 40 kbit/s with Opus) must still fit
 * beside it; 320x180 at 12 fps stays legible at 150.
 */
export function videoBitrateKbpsFor(q: Quality): number {
  return q === 'good' ? 800 : q === 'fair' ? 300 : 150;
}
