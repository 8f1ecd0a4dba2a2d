/**
 * The end-to-end test page: a bare shell around the real CallEngine, driven by
 * playwright through `window.callTest`. Not part of the app (test/support/browser.ts
 * bundles and serves it).
 */
import type { Room } from 'livekit-client';
import type { Socket } from 'socket.io-client';
import { CallEngine, CallError, type CallEngineState } from './call-engine';
import type { CallJoinRequest } from '../../../signaling/protocol/call-events';

interface JoinArgs {
  token: string;
  target: Omit<CallJoinRequest, 'peerSession'>;
  iceTransportPolicy?: RTCIceTransportPolicy;
  maxVideoBitrateKbps?: number;
  adaptToNetwork?: boolean;
}

let engine: CallEngine | null = null;
const log: { at: number; event: string; detail?: unknown }[] = [];

function attachVideo(participantId: string, stream: MediaStream): void {
  let el = document.getElementById(
    `v-${participantId}`,
  ) as HTMLVideoElement | null;
  if (!el) {
    el = document.createElement('video');
    el.id = `v-${participantId}`;
    el.autoplay = true;
    el.muted = true;
    el.playsInline = true;
    document.getElementById('videos')!.append(el);
  }
  el.srcObject = stream;
}

const callTest = {
  async join(a: JoinArgs) {
    engine = new CallEngine({
      url: location.origin,
      token: a.token,
      iceTransportPolicy: a.iceTransportPolicy,
      maxVideoBitrateKbps: a.maxVideoBitrateKbps,
      adaptToNetwork: a.adaptToNetwork,
    });
    engine.on('state', (s: CallEngineState) =>
      log.push({ at: Date.now(), event: 'state', detail: s }),
    );
    engine.on('participant', (p) =>
      log.push({
        at: Date.now(),
        event: 'participant',
        detail: {
          id: p.info.participantId,
          state: p.info.state,
          conn: p.connectionState,
        },
      }),
    );
    engine.on('participant-left', (id) =>
      log.push({ at: Date.now(), event: 'participant-left', detail: id }),
    );
    engine.on('remote-stream', attachVideo);
    engine.on('network', (e) =>
      log.push({ at: Date.now(), event: 'network', detail: e }),
    );
    engine.on('ended', (e) =>
      log.push({ at: Date.now(), event: 'ended', detail: e }),
    );
    engine.on('error', (e) =>
      log.push({ at: Date.now(), event: 'error', detail: e.code }),
    );
    try {
      const r = await engine.join(a.target);
      return {
        ok: true as const,
        callId: r.call.callId,
        self: r.self.participantId,
        participants: r.participants.length,
      };
    } catch (err) {
      return {
        ok: false as const,
        code: err instanceof CallError ? err.code : String(err),
      };
    }
  },
  state: () => engine?.state ?? 'idle',
  /** Resolves with Date.now() once video bytes arrive from every peer (polled every 20 ms). */
  async mediaSeen(): Promise<number> {
    for (;;) {
      const stats = engine ? await engine.getStats() : [];
      if (stats.length && stats.every((s) => s.inbound.video.bytesReceived > 0))
        return Date.now();
      await new Promise((r) => setTimeout(r, 20));
    }
  },
  stats: () => engine!.getStats(),
  /**
   * Per video sender (one per p2p peer, or the one to the SFU): the limit on each of its
   * encodings (bit/s, null: none; several with simulcast) and the video bytes it sent so far.
   */
  async outboundVideo() {
    const e = engine as unknown as {
      mesh: { links: Map<string, { pc: RTCPeerConnection }> };
      sfu: { media: { cameraSender(): RTCRtpSender | null } | null };
    };
    const senders: [string, RTCRtpSender | undefined][] = e.sfu.media
      ? [['sfu', e.sfu.media.cameraSender() ?? undefined]]
      : [...e.mesh.links].map(([id, { pc }]) => [
          id,
          pc.getSenders().find((x) => x.track?.kind === 'video'),
        ]);
    return Promise.all(
      senders.map(async ([participantId, sender]) => {
        let bytesSent = 0;
        (await sender?.getStats())?.forEach((r) => {
          if (r.type === 'outbound-rtp' && r.kind === 'video')
            bytesSent += r.bytesSent ?? 0;
        });
        return {
          participantId,
          maxBitrates:
            sender
              ?.getParameters()
              .encodings?.map((x) => x.maxBitrate ?? null) ?? [],
          bytesSent,
        };
      }),
    );
  },
  setMaxVideoBitrate: (kbps: number | undefined) =>
    engine!.setMaxVideoBitrate(kbps),
  /**
   * Per remote participant on an SFU call, where engine.getStats() (p2p links) has nothing:
   * the tracks in the stream the engine handed us, frames its <video> rendered, and the
   * inbound RTP of the LiveKit receivers carrying their audio and video.
   */
  async sfuStats() {
    const room = (
      engine as unknown as { sfu: { media: { room?: Room } | null } }
    ).sfu.media?.room;
    return Promise.all(
      engine!.participants.map(async (p) => {
        const id = p.info.participantId;
        const el = document.getElementById(
          `v-${id}`,
        ) as HTMLVideoElement | null;
        const inbound = {
          audio: { bytesReceived: 0, samplesReceived: 0 },
          video: { bytesReceived: 0, framesDecoded: 0 },
        };
        for (const pub of room?.remoteParticipants
          .get(id)
          ?.trackPublications.values() ?? []) {
          (await pub.track?.getRTCStatsReport())?.forEach((s) => {
            if (s.type !== 'inbound-rtp') return;
            if (s.kind === 'audio')
              inbound.audio = {
                bytesReceived: s.bytesReceived ?? 0,
                samplesReceived: s.totalSamplesReceived ?? 0,
              };
            else
              inbound.video = {
                bytesReceived: s.bytesReceived ?? 0,
                framesDecoded: s.framesDecoded ?? 0,
              };
          });
        }
        return {
          participantId: id,
          role: p.info.role,
          audioTracks: p.stream?.getAudioTracks().length ?? 0,
          videoTracks: p.stream?.getVideoTracks().length ?? 0,
          renderedFrames:
            el && el.srcObject === p.stream
              ? el.getVideoPlaybackQuality().totalVideoFrames
              : 0,
          inbound,
        };
      }),
    );
  },
  /** Who the LiveKit room (not our signaling) says is in the call, by identity. */
  livekitParticipants: () => [
    ...((
      engine as unknown as { sfu: { media: { room?: Room } | null } } | null
    )?.sfu.media?.room?.remoteParticipants.keys() ?? []),
  ],
  /** Which media backend the server's call:join answer named, and where (LiveKit's URL). */
  media: () => {
    const m = (
      engine as unknown as {
        joined: { media: { backend: string; url?: string } } | null;
      }
    ).joined?.media;
    return m ? { backend: m.backend, url: m.url ?? null } : null;
  },
  participants: () =>
    engine!.participants.map((p) => ({
      id: p.info.participantId,
      role: p.info.role,
      state: p.info.state,
      conn: p.connectionState,
    })),
  log: () => log,
  /** Kills the transport without a goodbye, as a network drop would; socket.io then reconnects by itself. */
  dropSocket() {
    (
      (engine as unknown as { socket: Socket }).socket.io as unknown as {
        engine: { close(): void };
      }
    ).engine.close();
  },
  mute: (audio: boolean) => engine!.setMicrophoneMuted(audio),
  end: () =>
    engine!.end().then(
      () => true,
      (e: CallError) => e.code,
    ),
  leave: () => engine!.leave(),
  close: () => engine?.close(),
};

declare global {
  interface Window {
    callTest: typeof callTest;
  }
}
window.callTest = callTest;
