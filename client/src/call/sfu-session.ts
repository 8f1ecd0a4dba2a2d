import type { Socket } from 'socket.io-client';
import type { CallJoinResult } from '../../../signaling/protocol/call-events';
import { asCallError, type CallError } from './call-error';
import { createSfuMedia } from './sfu/create-sfu-media';
import type { SfuCallMedia, SfuMediaState } from './sfu/sfu-call-media';

/** What the SFU media tells the engine. */
export interface SfuSessionEvents {
  remoteStream(participantId: string, stream: MediaStream | null): void;
  /** One connection to the SFU carries everyone: its state is everyone's. */
  connectionState(state: RTCPeerConnectionState): void;
  activeSpeaker(participantId: string | null): void;
  mutedByHost(muted: { audio: boolean; video: boolean }): void;
  error(err: CallError): void;
}

/** What we send, read at each step of starting (it may change meanwhile). */
export interface LocalSending {
  stream: MediaStream | null;
  maxVideoBps: number | undefined;
  audioMuted: boolean;
  videoMuted: boolean;
  audioOnly: boolean;
}

/**
 * The media of a call on mediasoup or LiveKit: one SfuCallMedia adapter
 * (./sfu/) given our tracks, its events mapped onto the engine's. Null
 * `media` on p2p calls.
 */
export class SfuSession {
  media: SfuCallMedia | null = null;

  constructor(
    private readonly socket: Socket,
    private readonly events: SfuSessionEvents,
  ) {}

  async start(
    result: CallJoinResult,
    local: () => LocalSending,
  ): Promise<void> {
    const sfu = await createSfuMedia({
      callId: result.call.callId,
      media: result.media,
      socket: this.socket,
    });
    if (!sfu) return;
    this.media = sfu;
    const ev = this.events;
    sfu.on('remote-stream', (id, stream) => ev.remoteStream(id, stream));
    sfu.on('remote-gone', (id) => ev.remoteStream(id, null));
    sfu.on('state', (s) => ev.connectionState(sfuConnectionState(s)));
    sfu.on('active-speaker', (id) => ev.activeSpeaker(id));
    sfu.on('permissions', (_p, mutedByHost) => ev.mutedByHost(mutedByHost));
    sfu.on('error', (err) => ev.error(err));
    try {
      await sfu.setMaxVideoBitrate(local().maxVideoBps);
      await sfu.start(local().stream);
      if (local().audioMuted) await sfu.setMicrophoneMuted(true);
      const l = local();
      if (l.videoMuted || l.audioOnly) await sfu.setCameraOff(true);
    } catch (err) {
      this.stop();
      throw asCallError('media_failed', err);
    }
  }

  async restart(
    result: CallJoinResult | null,
    local: () => LocalSending,
  ): Promise<void> {
    this.stop();
    if (result) await this.start(result, local);
  }

  stop(): void {
    const sfu = this.media;
    this.media = null;
    if (!sfu) return;
    sfu.removeAllListeners();
    void sfu.close().catch(() => undefined);
  }
}

function sfuConnectionState(s: SfuMediaState): RTCPeerConnectionState {
  return s === 'connected'
    ? 'connected'
    : s === 'reconnecting'
      ? 'disconnected'
      : s === 'closed'
        ? 'closed'
        : 'connecting';
}
