/**
 * The baseline: two pages wired together with plain WebRTC and no product
 * code (default browser behaviour: no caps, no adaptation of our own), on
 * the same fake media and ICE servers as the product's call. Signalling is
 * relayed by the bench through `window.signal` / `window.bareCall.onSignal`.
 */
interface Signal {
  description?: RTCSessionDescriptionInit;
  candidate?: RTCIceCandidateInit;
}

declare global {
  interface Window {
    signal(m: Signal): Promise<void>;
    bareCall: typeof bareCall;
  }
}

let pc: RTCPeerConnection | null = null;
let queue: Promise<void> = Promise.resolve();

function show(stream: MediaStream): void {
  const el = document.createElement('video');
  el.autoplay = true;
  el.muted = true;
  el.playsInline = true;
  el.srcObject = stream;
  document.body.append(el);
}

const bareCall = {
  /** Media and a connection; the offerer offers at once, the other waits. */
  async prepare(o: {
    iceServers: RTCIceServer[];
    iceTransportPolicy: RTCIceTransportPolicy;
    offerer: boolean;
  }) {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: true,
      video: true,
    });
    pc = new RTCPeerConnection({
      iceServers: o.iceServers,
      iceTransportPolicy: o.iceTransportPolicy,
    });
    for (const t of stream.getTracks()) pc.addTrack(t, stream);
    pc.onicecandidate = (e) => {
      if (e.candidate?.candidate)
        void window.signal({ candidate: e.candidate.toJSON() });
    };
    pc.ontrack = (e) => {
      if (e.streams[0] && e.track.kind === 'video') show(e.streams[0]);
    };
    if (o.offerer) {
      await pc.setLocalDescription();
      void window.signal({ description: pc.localDescription!.toJSON() });
    }
  },
  /** Applied one at a time: a candidate must not overtake its offer. */
  onSignal(m: Signal) {
    queue = queue.then(async () => {
      if (!pc) return;
      if (m.description) {
        await pc.setRemoteDescription(m.description);
        if (m.description.type === 'offer') {
          await pc.setLocalDescription();
          void window.signal({ description: pc.localDescription!.toJSON() });
        }
      } else if (m.candidate) await pc.addIceCandidate(m.candidate);
    });
    return queue.catch(() => undefined);
  },
};
window.bareCall = bareCall;
export {};
