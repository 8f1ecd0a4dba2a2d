import type { z } from 'zod';
import type { mediaJoinInfoSchema } from '../../../../signaling/protocol/call-events';
import { TypedEmitter } from '../typed-emitter';
import { asCallError, type CallError } from '../call-error';
import { capVideoSender } from '../video-cap';

export type MediaJoinInfo = z.infer<typeof mediaJoinInfoSchema>;

export interface MediaPermissionsView {
  canPublishAudio: boolean;
  canPublishVideo: boolean;
  canSubscribe: boolean;
  hidden: boolean;
}

export type SfuMediaState =
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  | 'closed';

export type SfuMediaEvents = {
  state: [state: SfuMediaState];
  /** A participant's audio and video (one stream per participant, tracks added as they arrive). */
  'remote-stream': [participantId: string, stream: MediaStream];
  /** Their media stopped (they left, were removed, or the producer closed). */
  'remote-gone': [participantId: string];
  'active-speaker': [participantId: string | null];
  /** What we may send and receive changed (admitted, muted by the host). */
  permissions: [
    permissions: MediaPermissionsView,
    mutedByHost: { audio: boolean; video: boolean },
  ];
  error: [err: CallError];
};

/**
 * The media half of a call on an SFU. The call lifecycle (call:join,
 * participants, leave, end, reconnect grace) is the call engine's, unchanged
 * on every backend; when `call:join` answers with `media.backend` 'mediasoup'
 * or 'livekit', the engine hands local tracks to one of these instead of
 * building a peer connection per participant.
 */
export abstract class SfuCallMedia extends TypedEmitter<SfuMediaEvents> {
  abstract readonly backend: 'mediasoup' | 'livekit';
  protected readonly streams = new Map<string, MediaStream>();
  private videoCapBps: number | undefined;

  /** Connects, publishes what the role allows from `local`, and subscribes to everyone else. */
  abstract start(local: MediaStream | null): Promise<void>;
  abstract setMicrophoneMuted(muted: boolean): Promise<void>;
  abstract setCameraOff(off: boolean): Promise<void>;
  /** After a network change or a socket reconnect: new ICE credentials, same media. */
  abstract restartIce(): Promise<void>;
  abstract close(): Promise<void>;

  /** The sender carrying our camera once published (null before, or without a camera). */
  protected abstract cameraSender(): RTCRtpSender | null;

  /** Caps the video we send (bit/s; undefined lifts it), every simulcast layer at most that. */
  async setMaxVideoBitrate(bps: number | undefined): Promise<void> {
    this.videoCapBps = bps;
    await this.applyVideoCap();
  }

  /** Adapters call this once their camera is published, so a cap set before it applies. */
  protected async applyVideoCap(): Promise<void> {
    const sender = this.cameraSender();
    if (sender) await capVideoSender(sender, this.videoCapBps);
  }

  /** Adds a remote track to the participant's stream and announces it. */
  protected addRemoteTrack(
    participantId: string,
    track: MediaStreamTrack,
  ): void {
    let stream = this.streams.get(participantId);
    if (!stream) this.streams.set(participantId, (stream = new MediaStream()));
    for (const old of stream.getTracks())
      if (old.kind === track.kind) stream.removeTrack(old);
    stream.addTrack(track);
    this.emit('remote-stream', participantId, stream);
  }

  protected removeRemoteTrack(
    participantId: string,
    track: MediaStreamTrack | null,
  ): void {
    const stream = this.streams.get(participantId);
    if (!stream) return;
    if (track) stream.removeTrack(track);
    if (!track || stream.getTracks().length === 0) {
      this.streams.delete(participantId);
      this.emit('remote-gone', participantId);
    }
  }

  protected fail(code: string, err: unknown): void {
    this.emit('error', asCallError(code, err));
  }
}
