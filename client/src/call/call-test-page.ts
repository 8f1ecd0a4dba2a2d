/**
 * The end-to-end test page: a bare shell around the real CallEngine, driven by
 * playwright through `window.callTest`. Not part of the app (test/support/browser.ts
 * bundles and serves it).
 */
import type { Socket } from 'socket.io-client';
import { CallEngine, CallError, type CallEngineState } from './call-engine';
import type { CallJoinRequest } from '../../../signaling/protocol/call-events';

interface JoinArgs {
  token: string;
  target: Omit<CallJoinRequest, 'peerSession'>;
  iceTransportPolicy?: RTCIceTransportPolicy;
}

let engine: CallEngine | null = null;
const log: { at: number; event: string; detail?: unknown }[] = [];

function attachVideo(participantId: string, stream: MediaStream): void {
  let el = document.getElementById(`v-${participantId}`) as HTMLVideoElement | null;
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
    engine = new CallEngine({ url: location.origin, token: a.token, iceTransportPolicy: a.iceTransportPolicy });
    engine.on('state', (s: CallEngineState) => log.push({ at: Date.now(), event: 'state', detail: s }));
    engine.on('participant', (p) => log.push({ at: Date.now(), event: 'participant', detail: { id: p.info.participantId, state: p.info.state, conn: p.connectionState } }));
    engine.on('participant-left', (id) => log.push({ at: Date.now(), event: 'participant-left', detail: id }));
    engine.on('remote-stream', attachVideo);
    engine.on('ended', (e) => log.push({ at: Date.now(), event: 'ended', detail: e }));
    engine.on('error', (e) => log.push({ at: Date.now(), event: 'error', detail: e.code }));
    try {
      const r = await engine.join(a.target);
      return { ok: true as const, callId: r.call.callId, self: r.self.participantId, participants: r.participants.length };
    } catch (err) {
      return { ok: false as const, code: err instanceof CallError ? err.code : String(err) };
    }
  },
  state: () => engine?.state ?? 'idle',
  /** Resolves with Date.now() once video bytes arrive from every peer (polled every 20 ms). */
  async mediaSeen(): Promise<number> {
    for (;;) {
      const stats = engine ? await engine.getStats() : [];
      if (stats.length && stats.every((s) => s.inbound.video.bytesReceived > 0)) return Date.now();
      await new Promise((r) => setTimeout(r, 20));
    }
  },
  stats: () => engine!.getStats(),
  participants: () => engine!.participants.map((p) => ({ id: p.info.participantId, role: p.info.role, state: p.info.state, conn: p.connectionState })),
  log: () => log,
  /** Kills the transport without a goodbye, as a network drop would; socket.io then reconnects by itself. */
  dropSocket() {
    ((engine as unknown as { socket: Socket }).socket.io as unknown as { engine: { close(): void } }).engine.close();
  },
  mute: (audio: boolean) => engine!.setMicrophoneMuted(audio),
  end: () => engine!.end().then(() => true, (e: CallError) => e.code),
  leave: () => engine!.leave(),
  close: () => engine?.close(),
};

declare global {
  interface Window {
    callTest: typeof callTest;
  }
}
window.callTest = callTest;
