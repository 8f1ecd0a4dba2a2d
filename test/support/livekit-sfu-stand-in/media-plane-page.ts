/**
 * The stand-in SFU's media plane, running in a Chromium page (Node has no
 * WebRTC). Per participant it holds the two peer connections LiveKit's
 * dual-PC protocol uses: the publisher one (the participant offers, we answer
 * and receive their tracks) and the subscriber one (we offer, sending them
 * everyone else's tracks). Signaling stays in Node; Node calls these
 * functions through playwright and hears back through `mediaPlaneEvent`.
 */

type PlaneEvent =
  | {
      type: 'publisher-state';
      participantSid: string;
      state: RTCPeerConnectionState;
    }
  | { type: 'track'; participantSid: string; trackSid: string; kind: string };

declare global {
  interface Window {
    mediaPlane: typeof mediaPlane;
    mediaPlaneEvent(e: PlaneEvent): void;
  }
}

const publishers = new Map<string, RTCPeerConnection>();
const subscribers = new Map<string, RTCPeerConnection>();
/** Publisher mid -> track sid, per participant, as Node matched the offer's msids to AddTrackRequests. */
const publisherMids = new Map<string, Map<string, string>>();
/** Received tracks by LiveKit track sid. */
const tracks = new Map<string, MediaStreamTrack>();
/** Subscriber -> track sid -> the transceiver that forwards it. */
const forwards = new Map<string, Map<string, RTCRtpTransceiver>>();

/** Host candidates on loopback come within milliseconds; answering with all of them spares us trickling back. */
function gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      if (pc.iceGatheringState !== 'complete') return;
      pc.removeEventListener('icegatheringstatechange', done);
      resolve();
    };
    pc.addEventListener('icegatheringstatechange', done);
    setTimeout(resolve, 3000);
  });
}

/**
 * A real SFU receives simulcast as separate RTP streams; Chromium as a plain
 * receiver takes one encoding per m-line. Without the rid/simulcast lines the
 * answer declines simulcast and the browser sends its first layer only.
 */
function withoutSimulcast(sdp: string): string {
  return sdp
    .split('\r\n')
    .filter((l) => !l.startsWith('a=simulcast:') && !l.startsWith('a=rid:'))
    .join('\r\n');
}

const mediaPlane = {
  async answerPublisher(
    participantSid: string,
    sdp: string,
    midToTrackSid: Record<string, string>,
  ): Promise<string> {
    let pc = publishers.get(participantSid);
    if (!pc) {
      pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
      publishers.set(participantSid, pc);
      publisherMids.set(participantSid, new Map());
      const p = pc;
      pc.onconnectionstatechange = () =>
        window.mediaPlaneEvent({
          type: 'publisher-state',
          participantSid,
          state: p.connectionState,
        });
      pc.ontrack = (ev) => {
        const mid = ev.transceiver.mid ?? '';
        const trackSid = publisherMids.get(participantSid)?.get(mid);
        if (!trackSid) return;
        tracks.set(trackSid, ev.track);
        // Chromium pulls a received audio track only while something plays it out; unplayed, no audio reaches the forwarding senders.
        if (ev.track.kind === 'audio') {
          const el = document.createElement('audio');
          el.srcObject = new MediaStream([ev.track]);
          el.volume = 0;
          el.autoplay = true;
          document.body.append(el);
        }
        window.mediaPlaneEvent({
          type: 'track',
          participantSid,
          trackSid,
          kind: ev.track.kind,
        });
      };
    }
    for (const [mid, sid] of Object.entries(midToTrackSid))
      publisherMids.get(participantSid)!.set(mid, sid);
    await pc.setRemoteDescription({
      type: 'offer',
      sdp: withoutSimulcast(sdp),
    });
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);
    return pc.localDescription!.sdp;
  },

  async addIceCandidate(
    participantSid: string,
    target: 'publisher' | 'subscriber',
    candidate: RTCIceCandidateInit,
  ): Promise<void> {
    const pc = (target === 'publisher' ? publishers : subscribers).get(
      participantSid,
    );
    if (pc?.remoteDescription)
      await pc.addIceCandidate(candidate).catch(() => undefined);
  },

  /**
   * Brings the subscriber connection in line with what they should receive
   * and makes the offer. Returns the SDP and which mid carries which track.
   */
  async offerSubscriber(
    participantSid: string,
    wanted: { trackSid: string; enabled: boolean }[],
  ): Promise<{ sdp: string; mids: Record<string, string> }> {
    let pc = subscribers.get(participantSid);
    if (!pc) {
      pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
      subscribers.set(participantSid, pc);
      forwards.set(participantSid, new Map());
    }
    const mine = forwards.get(participantSid)!;
    const want = new Map(wanted.map((w) => [w.trackSid, w.enabled]));
    for (const [trackSid, t] of mine) {
      if (want.has(trackSid)) continue;
      // Inactive rather than stopped: a stopped section leaves the bundle, and with none left max-bundle cannot offer.
      await t.sender.replaceTrack(null);
      t.direction = 'inactive';
      mine.delete(trackSid);
    }
    for (const [trackSid, enabled] of want) {
      const track = tracks.get(trackSid);
      if (!track) continue;
      let t = mine.get(trackSid);
      if (!t) {
        t = pc.addTransceiver(track, { direction: 'sendonly' });
        mine.set(trackSid, t);
      }
      await t.sender.replaceTrack(enabled ? track : null);
    }
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    const mids: Record<string, string> = {};
    for (const [trackSid, t] of mine) if (t.mid) mids[t.mid] = trackSid;
    return { sdp: pc.localDescription!.sdp, mids };
  },

  async subscriberAnswer(participantSid: string, sdp: string): Promise<void> {
    await subscribers
      .get(participantSid)
      ?.setRemoteDescription({ type: 'answer', sdp });
  },

  /** UpdateTrackSettings.disabled: stop or resume sending one track to one subscriber, no renegotiation. */
  async setForwarding(
    participantSid: string,
    trackSid: string,
    enabled: boolean,
  ): Promise<void> {
    const t = forwards.get(participantSid)?.get(trackSid);
    const track = tracks.get(trackSid);
    if (t && track) await t.sender.replaceTrack(enabled ? track : null);
  },

  /** Bytes in from each publisher and out to each subscriber, by kind (for diagnostics). */
  async stats(): Promise<
    Record<string, { in: Record<string, number>; out: Record<string, number> }>
  > {
    const out: Record<
      string,
      { in: Record<string, number>; out: Record<string, number> }
    > = {};
    const add = async (
      pc: RTCPeerConnection | undefined,
      type: string,
      into: Record<string, number>,
    ) => {
      (await pc?.getStats())?.forEach((r) => {
        if (r.type === type)
          into[r.kind] =
            (into[r.kind] ?? 0) + (r.bytesReceived ?? r.bytesSent ?? 0);
      });
    };
    for (const sid of new Set([...publishers.keys(), ...subscribers.keys()])) {
      out[sid] = { in: {}, out: {} };
      await add(publishers.get(sid), 'inbound-rtp', out[sid]!.in);
      await add(subscribers.get(sid), 'outbound-rtp', out[sid]!.out);
    }
    return out;
  },

  close(participantSid: string, trackSids: string[]): void {
    publishers.get(participantSid)?.close();
    subscribers.get(participantSid)?.close();
    publishers.delete(participantSid);
    subscribers.delete(participantSid);
    forwards.delete(participantSid);
    publisherMids.delete(participantSid);
    for (const sid of trackSids) tracks.delete(sid);
  },
};

window.mediaPlane = mediaPlane;
export {};
