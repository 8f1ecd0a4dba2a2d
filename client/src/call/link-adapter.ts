import {
  adapt,
  initialAdaptation,
  type LinkAdaptation,
  type LinkSample,
} from './link-adaptation';

/**
 * Samples one RTCPeerConnection's stats every second and feeds the pure
 * step logic (./link-adaptation.ts); the link applies each new step. Loss is
 * measured over the last WINDOW_MS in both directions: what we receive
 * (inbound-rtp) and what the far end reports of what we send
 * (remote-inbound-rtp), the worse of the two.
 */
const EVERY_MS = 1000;
const WINDOW_MS = 4000;
/** Fewer packets than this in a window cannot tell 2 % from 5 %. */
const MIN_PACKETS = 40;

interface Counters {
  at: number;
  inReceived: number;
  inLost: number;
  outSent: number;
  outLost: number;
}

type Stat = Record<string, unknown> & { type: string; id: string };
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

async function read(
  pc: RTCPeerConnection,
  at: number,
): Promise<{ c: Counters; rttMs: number | null; sendKbps: number | null }> {
  const c: Counters = { at, inReceived: 0, inLost: 0, outSent: 0, outLost: 0 };
  let rttMs: number | null = null;
  let sendKbps: number | null = null;
  const byId = new Map<string, Stat>();
  (await pc.getStats()).forEach((r: Stat) => byId.set(r.id, r));
  for (const r of byId.values()) {
    if (r.type === 'inbound-rtp') {
      c.inReceived += num(r.packetsReceived);
      c.inLost += Math.max(0, num(r.packetsLost));
    } else if (r.type === 'outbound-rtp') c.outSent += num(r.packetsSent);
    else if (r.type === 'remote-inbound-rtp')
      c.outLost += Math.max(0, num(r.packetsLost));
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

export function windowLoss(a: Counters, b: Counters): number | null {
  const inLost = b.inLost - a.inLost;
  const inLoss = ratio(inLost, b.inReceived - a.inReceived + inLost);
  const outLoss = ratio(b.outLost - a.outLost, b.outSent - a.outSent);
  if (inLoss === null) return outLoss;
  return outLoss === null ? inLoss : Math.max(inLoss, outLoss);
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
