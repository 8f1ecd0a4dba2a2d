/** What getStats() says about one peer connection, reduced to what a call screen and a test need. */
export interface PeerStats {
  participantId: string;
  connectionState: RTCPeerConnectionState;
  /** The selected candidate pair: 'relay' means media goes through TURN. */
  localCandidateType: string | null;
  remoteCandidateType: string | null;
  roundTripTimeMs: number | null;
  inbound: {
    audio: MediaCounters;
    video: MediaCounters & {
      framesDecoded: number;
      frameWidth: number | null;
      frameHeight: number | null;
    };
  };
  outbound: { audioBytesSent: number; videoBytesSent: number };
}

export interface MediaCounters {
  bytesReceived: number;
  packetsReceived: number;
  packetsLost: number;
  jitterMs: number | null;
}

const emptyCounters = (): MediaCounters => ({
  bytesReceived: 0,
  packetsReceived: 0,
  packetsLost: 0,
  jitterMs: null,
});

type Stat = Record<string, unknown> & { type: string; id: string };
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

export async function peerStats(
  participantId: string,
  pc: RTCPeerConnection,
): Promise<PeerStats> {
  const report = await pc.getStats();
  const byId = new Map<string, Stat>();
  report.forEach((s: Stat) => byId.set(s.id, s));
  const out: PeerStats = {
    participantId,
    connectionState: pc.connectionState,
    localCandidateType: null,
    remoteCandidateType: null,
    roundTripTimeMs: null,
    inbound: {
      audio: emptyCounters(),
      video: {
        ...emptyCounters(),
        framesDecoded: 0,
        frameWidth: null,
        frameHeight: null,
      },
    },
    outbound: { audioBytesSent: 0, videoBytesSent: 0 },
  };
  for (const s of byId.values()) {
    if (
      s.type === 'inbound-rtp' &&
      (s.kind === 'audio' || s.kind === 'video')
    ) {
      const c = out.inbound[s.kind];
      c.bytesReceived += num(s.bytesReceived);
      c.packetsReceived += num(s.packetsReceived);
      c.packetsLost += num(s.packetsLost);
      if (typeof s.jitter === 'number') c.jitterMs = s.jitter * 1000;
      if (s.kind === 'video') {
        out.inbound.video.framesDecoded += num(s.framesDecoded);
        if (typeof s.frameWidth === 'number')
          out.inbound.video.frameWidth = s.frameWidth;
        if (typeof s.frameHeight === 'number')
          out.inbound.video.frameHeight = s.frameHeight;
      }
    } else if (s.type === 'outbound-rtp') {
      if (s.kind === 'audio') out.outbound.audioBytesSent += num(s.bytesSent);
      if (s.kind === 'video') out.outbound.videoBytesSent += num(s.bytesSent);
    } else if (
      s.type === 'transport' &&
      typeof s.selectedCandidatePairId === 'string'
    ) {
      const pair = byId.get(s.selectedCandidatePairId);
      if (pair) {
        out.localCandidateType =
          (byId.get(String(pair.localCandidateId))?.candidateType as string) ??
          null;
        out.remoteCandidateType =
          (byId.get(String(pair.remoteCandidateId))?.candidateType as string) ??
          null;
        if (typeof pair.currentRoundTripTime === 'number')
          out.roundTripTimeMs = pair.currentRoundTripTime * 1000;
      }
    }
  }
  return out;
}
