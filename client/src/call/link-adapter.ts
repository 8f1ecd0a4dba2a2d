import {
  adapt,
  initialAdaptation,
  type LinkAdaptation,
  type LinkSample,
} from './link-adaptation';

/**
 * Samples one RTCPeerConnection's stats every second and feeds the pure
 * step logic (./link-adaptation.ts); the link applies each new step. Loss is
 * measured over the last WINDOW_MS in both directions and per kind: what we
 * receive (inbound-rtp) and what the far end reports of what we send
 * (remote-inbound-rtp), the worst of them. Per kind because video's lost
 * packets come back by retransmission and so read lower than audio's.
 */
const EVERY_MS = 1000;
const WINDOW_MS = 6000;
/** Fewer packets than this in a window cannot tell 2 % from 5 %. */
const MIN_PACKETS = 40;

interface Flow {
  inReceived: number;
  inLost: number;
  outSent: number;
  outLost: number;
}

interface Counters {
  at: number;
  audio: Flow;
  video: Flow;
}

const emptyFlow = (): Flow => ({
  inReceived: 0,
  inLost: 0,
  outSent: 0,
  outLost: 0,
});

type Stat = Record<string, unknown> & { type: string; id: string };
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

async function read(
  pc: RTCPeerConnection,
  at: number,
): Promise<{ c: Counters; rttMs: number | null; sendKbps: number | null }> {
  const c: Counters = { at, audio: emptyFlow(), video: emptyFlow() };
  let rttMs: number | null = null;
  let sendKbps: number | null = null;
  const byId = new Map<string, Stat>();
  (await pc.getStats()).forEach((r: Stat) => byId.set(r.id, r));
  for (const r of byId.values()) {
    const f = r.kind === 'audio' ? c.audio : c.video;
    if (r.type === 'inbound-rtp') {
      f.inReceived += num(r.packetsReceived);
      f.inLost += Math.max(0, num(r.packetsLost));
    } else if (r.type === 'outbound-rtp') f.outSent += num(r.packetsSent);
    else if (r.type === 'remote-inbound-rtp')
      f.outLost += Math.max(0, num(r.packetsLost));
    else if (r.type === 'transport' && r.selectedCandidatePairId) {
      const pair = byId.get(String(r.selectedCandidatePairId));
      if (typeof pair?.currentRoundTripTime === 'number')
        rttMs = pair.currentRoundTripTime * 1000;
      if (typeof pair?.availableOutgoingBitrate === 'number')
        sendKbps = Math.round(pair.availableOutgoingBitrate / 1000);
    }
  }
  return { c, rttMs, sendKbps };
}

function ratio(lost: number, total: number): number | null {
  return total >= MIN_PACKETS ? Math.min(1, Math.max(0, lost / total)) : null;
}

/**
 * The worst loss over the window, of each kind and direction that carried
 * enough packets.
 */
export function windowLoss(a: Counters, b: Counters): number | null {
  const losses: number[] = [];
  for (const kind of ['audio', 'video'] as const) {
    const x = a[kind];
    const y = b[kind];
    const inLost = y.inLost - x.inLost;
    for (const l of [
      ratio(inLost, y.inReceived - x.inReceived + inLost),
      ratio(y.outLost - x.outLost, y.outSent - x.outSent),
    ])
      if (l !== null) losses.push(l);
  }
  return losses.length ? Math.max(...losses) : null;
}

export class LinkAdapter {
  private state: LinkAdaptation;
  private readonly history: Counters[] = [];
  private readonly timer: ReturnType<typeof setInterval>;
  private busy = false;

  constructor(
    private readonly pc: RTCPeerConnection,
    private readonly apply: (a: LinkAdaptation, sample: LinkSample) => void,
  ) {
    this.state = initialAdaptation(Date.now());
    this.timer = setInterval(() => void this.tick(), EVERY_MS);
  }

  get current(): LinkAdaptation {
    return this.state;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.busy || this.pc.connectionState !== 'connected') return;
    this.busy = true;
    try {
      const now = Date.now();
      const { c, rttMs, sendKbps } = await read(this.pc, now);
      this.history.push(c);
      while (this.history.length > 1 && now - this.history[0]!.at > WINDOW_MS)
        this.history.shift();
      const sample: LinkSample = {
        at: now,
        lossRatio: windowLoss(this.history[0]!, c),
        rttMs,
        sendKbps,
      };
      const next = adapt(this.state, sample);
      const changed = next.step !== this.state.step;
      this.state = next;
      if (changed) this.apply(next, sample);
    } catch {
      // A closing connection's stats: nothing to adapt.
    } finally {
      this.busy = false;
    }
  }
}
