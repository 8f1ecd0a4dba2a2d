import type { Socket } from 'socket.io-client';
import type {
  CallJoinResult,
  CallParticipant,
} from '../../../signaling/protocol/call-events';
import { asCallError, type CallError } from './call-error';
import type { LocalMedia } from './local-media';
import type { P2pMesh } from './p2p-mesh';
import type { LocalSending, SfuSession } from './sfu-session';

const kbpsToBps = (kbps: number | undefined) =>
  kbps === undefined ? undefined : kbps * 1000;

/** What the controls reach of the call engine around them. */
export interface MediaControlsHost {
  local: LocalMedia;
  mesh: P2pMesh;
  sfu: SfuSession;
  /** The call as joined (null before the join is answered). */
  joined(): CallJoinResult | null;
  localStream(stream: MediaStream | null): void;
  error(err: CallError): void;
  socket: Socket;
  /** The call we are in and may speak in (null while joining or away). */
  callId(): string | null;
}

/**
 * What we send, as the person in the call controls it: microphone, camera,
 * audio-only and the video bitrate cap, applied to our own media and to
 * whichever transport carries it (the p2p mesh or the SFU).
 */
export class CallMediaControls {
  /** The cap on the video we send, in bit/s (undefined: none). */
  maxVideoBps: number | undefined;

  constructor(
    private readonly h: MediaControlsHost,
    maxVideoBitrateKbps: number | undefined,
  ) {
    this.maxVideoBps = kbpsToBps(maxVideoBitrateKbps);
  }

  setMicrophoneMuted(muted: boolean): void {
    this.h.local.setMicrophoneMuted(muted);
    this.h.sfu.media
      ?.setMicrophoneMuted(muted)
      .catch((err: unknown) => this.h.error(asCallError('mute_failed', err)));
    this.announce();
  }

  setCameraOff(off: boolean): void {
    this.h.local.setCameraOff(off);
    this.h.sfu.media
      ?.setCameraOff(off || this.h.local.audioOnly)
      .catch((err: unknown) => this.h.error(asCallError('mute_failed', err)));
    this.announce();
  }

  /**
   * Audio-only: releases the camera and stops video both ways (a weak
   * network); false brings the camera back.
   */
  async setAudioOnly(on: boolean): Promise<void> {
    const { local, mesh, sfu } = this.h;
    if (on === local.audioOnly) return;
    local.audioOnly = on;
    const stream = local.stream;
    const joined = this.h.joined();
    if (on) {
      local.dropCamera();
      await mesh.setVideoTrack(null);
      await sfu.media?.setCameraOff(true);
    } else if (stream && joined?.self.permissions.canPublishVideo) {
      const track = await local.addCamera();
      if (track) {
        await mesh.setVideoTrack(track);
        // The SFU adapter publishes from the stream it was given: restart
        // it on the new camera track.
        if (sfu.media) await sfu.restart(joined, this.sending);
      }
    }
    this.h.localStream(stream);
    this.announce();
  }

  /**
   * Changes the cap on the video we send (kbit/s; undefined lifts it), at
   * once and without renegotiating.
   */
  async setMaxVideoBitrate(kbps: number | undefined): Promise<void> {
    const bps = (this.maxVideoBps = kbpsToBps(kbps));
    await Promise.all([
      ...this.h.mesh.setMaxVideoBitrate(bps),
      this.h.sfu.media?.setMaxVideoBitrate(bps),
    ]);
  }

  /** Our camera and microphone, as far as the server permits this role. */
  async open(permissions: CallParticipant['permissions']): Promise<void> {
    if (await this.h.local.open(permissions))
      this.h.localStream(this.h.local.stream);
  }

  /** Tells the others in the call our microphone and camera state. */
  announce(): void {
    const callId = this.h.callId();
    if (!callId) return;
    const { local } = this.h;
    this.h.socket.emit(
      'call:media-state',
      {
        callId,
        audioMuted: local.audioMuted,
        videoMuted: local.videoMuted || local.audioOnly,
      },
      () => undefined,
    );
  }

  /** What the SFU media sends, read as it starts. */
  readonly sending = (): LocalSending => ({
    stream: this.h.local.stream,
    maxVideoBps: this.maxVideoBps,
    audioMuted: this.h.local.audioMuted,
    videoMuted: this.h.local.videoMuted,
    audioOnly: this.h.local.audioOnly,
  });
}
