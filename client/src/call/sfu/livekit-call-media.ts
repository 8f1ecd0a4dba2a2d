import {
  Room,
  RoomEvent,
  Track,
  type LocalTrackPublication,
  type Participant,
  type RemoteParticipant,
  type RemoteTrack,
} from 'livekit-client';
import { SfuCallMedia, type MediaPermissionsView } from './sfu-call-media';

/**
 * livekit-client against the deployment's LiveKit (self-hosted or Cloud) with
 * the short-lived token our server issued for this participant's role.
 * LiveKit does its own signaling, simulcast (dynacast), ICE
 * restarts and token refresh; we map its events onto the engine's. Our
 * server learns of joins and leaves from LiveKit's webhooks, so this adapter
 * never reports media itself.
 */
export class LivekitCallMedia extends SfuCallMedia {
  readonly backend = 'livekit' as const;
  // No adaptiveStream: it sizes and pauses each remote video by the elements it sees through
  // track.attach(), and the engine hands raw MediaStreams to the app's own <video>s instead. With it
  // on, once LiveKit reported a track active the client found no visible element and asked the
  // server to stop the video (UpdateTrackSettings disabled), freezing every remote picture.
  private readonly room = new Room({
    adaptiveStream: false,
    dynacast: true,
    disconnectOnPageLeave: true,
  });
  private local: MediaStream | null = null;
  private readonly published = new Map<
    'audio' | 'video',
    LocalTrackPublication
  >();

  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {
    super();
    this.listen();
  }

  async start(local: MediaStream | null): Promise<void> {
    this.local = local;
    this.emit('state', 'connecting');
    await this.room.connect(this.url, this.token, { autoSubscribe: true });
    this.emit('state', 'connected');
    await this.publishAllowed();
  }

  async setMicrophoneMuted(muted: boolean): Promise<void> {
    const pub = this.published.get('audio');
    if (pub) await (muted ? pub.mute() : pub.unmute());
  }

  async setCameraOff(off: boolean): Promise<void> {
    const pub = this.published.get('video');
    if (pub) await (off ? pub.mute() : pub.unmute());
  }

  /** LiveKit restarts ICE by itself on network changes; nothing to ask for. */
  async restartIce(): Promise<void> {}

  async close(): Promise<void> {
    await this.room.disconnect(false);
    this.emit('state', 'closed');
  }

  /** Publishes the local tracks the token's grant allows (the server decides by role). */
  private async publishAllowed(): Promise<void> {
    const p = this.permissions();
    const audio = this.local?.getAudioTracks()[0];
    const video = this.local?.getVideoTracks()[0];
    if (audio && p.canPublishAudio && !this.published.has('audio')) {
      this.published.set(
        'audio',
        await this.room.localParticipant.publishTrack(audio, {
          source: Track.Source.Microphone,
          dtx: true,
          red: true,
        }),
      );
    }
    if (video && p.canPublishVideo && !this.published.has('video')) {
      this.published.set(
        'video',
        await this.room.localParticipant.publishTrack(video, {
          source: Track.Source.Camera,
          simulcast: true,
        }),
      );
      await this.applyVideoCap();
    }
  }

  protected cameraSender(): RTCRtpSender | null {
    return this.published.get('video')?.videoTrack?.sender ?? null;
  }

  private permissions(): MediaPermissionsView {
    const perm = this.room.localParticipant.permissions;
    const sources = perm?.canPublishSources ?? [];
    // The enum values are the protocol's: 1 camera, 2 microphone (canPublishSources supersedes canPublish).
    return {
      canPublishAudio:
        !!perm?.canPublish && (sources.length === 0 || sources.includes(2)),
      canPublishVideo:
        !!perm?.canPublish && (sources.length === 0 || sources.includes(1)),
      canSubscribe: !!perm?.canSubscribe,
      hidden: !!perm?.hidden,
    };
  }

  private listen(): void {
    const r = this.room;
    r.on(
      RoomEvent.TrackSubscribed,
      (track: RemoteTrack, _pub, participant: RemoteParticipant) =>
        this.addRemoteTrack(participant.identity, track.mediaStreamTrack),
    );
    r.on(
      RoomEvent.TrackUnsubscribed,
      (track: RemoteTrack, _pub, participant: RemoteParticipant) =>
        this.removeRemoteTrack(participant.identity, track.mediaStreamTrack),
    );
    r.on(RoomEvent.ParticipantDisconnected, (participant: RemoteParticipant) =>
      this.removeRemoteTrack(participant.identity, null),
    );
    r.on(RoomEvent.ActiveSpeakersChanged, (speakers: Participant[]) =>
      this.emit('active-speaker', speakers[0]?.identity ?? null),
    );
    r.on(RoomEvent.Reconnecting, () => this.emit('state', 'reconnecting'));
    r.on(RoomEvent.Reconnected, () => this.emit('state', 'connected'));
    r.on(RoomEvent.Disconnected, () => this.emit('state', 'closed'));
    r.on(
      RoomEvent.ParticipantPermissionsChanged,
      (_prev, participant: Participant) => {
        if (participant !== r.localParticipant) return;
        // Admitted from the waiting room, or muted by the host (LiveKit unpublished the source).
        const p = this.permissions();
        for (const kind of ['audio', 'video'] as const) {
          const allowed =
            kind === 'audio' ? p.canPublishAudio : p.canPublishVideo;
          if (!allowed) this.published.delete(kind);
        }
        this.emit('permissions', p, {
          audio: !p.canPublishAudio && !!this.local?.getAudioTracks().length,
          video: !p.canPublishVideo && !!this.local?.getVideoTracks().length,
        });
        this.publishAllowed().catch((err) => this.fail('publish_failed', err));
      },
    );
  }
}
