import type { CallParticipant } from '../../../signaling/protocol/call-events';
import type { CallEngineOptions } from './call-engine-types';

/**
 * Our camera and microphone: the stream the page gave us, or the one we
 * open with getUserMedia for what the role may send (no camera in
 * audio-only, which also releases the camera), and the mute switches over
 * its tracks. What we open we stop.
 */
export class LocalMedia {
  stream: MediaStream | null = null;
  audioMuted = false;
  videoMuted = false;
  audioOnly = false;
  private owned = false;

  constructor(private readonly media: CallEngineOptions['media']) {}

  /** Opens the stream once; true when it was opened now. */
  async open(permissions: CallParticipant['permissions']): Promise<boolean> {
    if (this.stream) return false;
    const m = this.media ?? { audio: true, video: true };
    if (m instanceof MediaStream) {
      this.stream = m;
    } else {
      const audio = permissions.canPublishAudio && m.audio;
      const video = permissions.canPublishVideo && !this.audioOnly && m.video;
      this.stream =
        audio || video
          ? await navigator.mediaDevices.getUserMedia({ audio, video })
          : new MediaStream();
      this.owned = true;
    }
    for (const t of this.stream.getAudioTracks()) t.enabled = !this.audioMuted;
    for (const t of this.stream.getVideoTracks()) t.enabled = !this.videoMuted;
    return true;
  }

  setMicrophoneMuted(muted: boolean): void {
    this.audioMuted = muted;
    for (const t of this.stream?.getAudioTracks() ?? []) t.enabled = !muted;
  }

  setCameraOff(off: boolean): void {
    this.videoMuted = off;
    for (const t of this.stream?.getVideoTracks() ?? []) t.enabled = !off;
  }

  /** Audio-only: the camera is stopped and leaves the stream. */
  dropCamera(): void {
    const stream = this.stream;
    for (const t of stream?.getVideoTracks() ?? []) {
      t.stop();
      stream!.removeTrack(t);
    }
  }

  /** Back from audio-only: a new camera track in the stream (null: none came). */
  async addCamera(): Promise<MediaStreamTrack | null> {
    const stream = this.stream;
    if (!stream) return null;
    const [track] = (
      await navigator.mediaDevices.getUserMedia({ video: this.cameraAsked() })
    ).getVideoTracks();
    if (!track) return null;
    track.enabled = !this.videoMuted;
    stream.addTrack(track);
    return track;
  }

  /** Stops what we opened; true when the stream was ours and is now gone. */
  release(): boolean {
    if (!this.owned) return false;
    for (const t of this.stream?.getTracks() ?? []) t.stop();
    this.stream = null;
    return true;
  }

  private cameraAsked(): boolean | MediaTrackConstraints {
    const m = this.media;
    return m && !(m instanceof MediaStream) ? m.video || true : true;
  }
}
