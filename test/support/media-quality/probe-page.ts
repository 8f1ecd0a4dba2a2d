/**
 * Injected into a call page before any of its scripts (playwright
 * addInitScript): records every RTCPeerConnection the page makes, then samples
 * their getStats every SAMPLE_MS from `start(t0)` and sums up what a person
 * heard and saw (./quality-summary.ts). Works the same on the product's call
 * page and on a bare WebRTC page, which is the point.
 */
import { summarize, type Sample } from './quality-summary';

const SAMPLE_MS = 200;
const pcs: RTCPeerConnection[] = [];
const Native = window.RTCPeerConnection;
class Recorded extends Native {
  constructor(config?: RTCConfiguration) {
    super(config);
    pcs.push(this);
  }
}
window.RTCPeerConnection = Recorded as typeof RTCPeerConnection;

type Stat = Record<string, unknown> & { type: string; id: string };
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

async function sample(): Promise<Sample> {
  const s: Sample = {
    at: Date.now(),
    audio: {
      samples: 0,
      concealed: 0,
      packets: 0,
      lost: 0,
      fecPackets: 0,
      codec: null,
    },
    video: { frames: 0, freezes: 0, freezeSeconds: 0, width: 0, height: 0 },
    sentVideoBytes: 0,
    path: null,
  };
  for (const pc of pcs) {
    if (pc.connectionState === 'closed') continue;
    const byId = new Map<string, Stat>();
    (await pc.getStats()).forEach((r: Stat) => byId.set(r.id, r));
    for (const r of byId.values()) {
      if (r.type === 'inbound-rtp' && r.kind === 'audio') {
        s.audio.samples += num(r.totalSamplesReceived);
        s.audio.concealed += num(r.concealedSamples);
        s.audio.packets += num(r.packetsReceived);
        s.audio.lost += num(r.packetsLost);
        s.audio.fecPackets += num(r.fecPacketsReceived);
        const codec = byId.get(String(r.codecId));
        if (codec) s.audio.codec = String(codec.mimeType);
      } else if (r.type === 'inbound-rtp' && r.kind === 'video') {
        s.video.frames += num(r.framesDecoded);
        s.video.freezes += num(r.freezeCount);
        s.video.freezeSeconds += num(r.totalFreezesDuration);
        s.video.width = Math.max(s.video.width, num(r.frameWidth));
        s.video.height = Math.max(s.video.height, num(r.frameHeight));
      } else if (r.type === 'outbound-rtp' && r.kind === 'video') {
        s.sentVideoBytes += num(r.bytesSent);
      } else if (r.type === 'transport' && r.selectedCandidatePairId) {
        const pair = byId.get(String(r.selectedCandidatePairId));
        const local = pair && byId.get(String(pair.localCandidateId));
        if (local)
          s.path = `${local.candidateType}/${local.relayProtocol ?? local.protocol}`;
      }
    }
  }
  return s;
}

const samples: Sample[] = [];
let t0 = 0;
let timer: ReturnType<typeof setInterval> | null = null;

const mediaProbe = {
  /**
   * Starts sampling; times in the summary count from `at` (Date.now() in the
   * bench).
   */
  start(at: number) {
    t0 = at;
    samples.length = 0;
    timer ??= setInterval(
      () => void sample().then((s) => samples.push(s)),
      SAMPLE_MS,
    );
  },
  stop() {
    if (timer) clearInterval(timer);
    timer = null;
  },
  summary: () => summarize(t0, samples),
  samples: () => samples,
};

declare global {
  interface Window {
    mediaProbe: typeof mediaProbe;
  }
}
window.mediaProbe = mediaProbe;
