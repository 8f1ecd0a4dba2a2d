import { useEffect, useRef } from 'react';
import type { PeerStats } from '../call/call-stats';
import { humanize } from '../ui/format';

/** Connection quality in words, from the peer's stats. */
export function qualityOf(s: PeerStats | undefined): string | null {
  if (!s) return null;
  if (s.connectionState !== 'connected') return humanize(s.connectionState);
  const loss = s.inbound.audio.packetsReceived
    ? s.inbound.audio.packetsLost /
      (s.inbound.audio.packetsReceived + s.inbound.audio.packetsLost)
    : 0;
  if (loss > 0.08 || (s.roundTripTimeMs ?? 0) > 600) return 'Poor connection';
  if (loss > 0.02 || (s.roundTripTimeMs ?? 0) > 300) return 'Fair connection';
  return 'Good connection';
}

export function VideoTile({
  stream,
  label,
  local,
  audioMuted,
  videoOff,
  note,
  stats,
  participantId,
}: {
  stream: MediaStream | null;
  label: string;
  local?: boolean;
  audioMuted?: boolean;
  videoOff?: boolean;
  note?: string | null;
  stats?: PeerStats;
  participantId?: string;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const v = ref.current;
    if (v && v.srcObject !== stream) {
      v.srcObject = stream;
      if (stream) void v.play().catch(() => undefined);
    }
  }, [stream]);
  const quality = local ? null : qualityOf(stats);
  return (
    <figure
      className="tile"
      data-participant={participantId ?? 'self'}
      data-inbound-audio-bytes={stats?.inbound.audio.bytesReceived ?? 0}
      data-inbound-video-bytes={stats?.inbound.video.bytesReceived ?? 0}
      style={{ margin: 0 }}
    >
      {/* Our own tile is muted so we never hear ourselves; remote tiles carry the other person's voice. */}
      <video
        ref={ref}
        autoPlay
        playsInline
        muted={local}
        aria-label={local ? 'Your camera' : `Video of ${label}`}
      />
      <figcaption className="tile-label">
        {label}
        {audioMuted ? ' · muted' : ''}
        {videoOff ? ' · camera off' : ''}
        {note ? ` · ${note}` : ''}
        {quality ? ` · ${quality}` : ''}
      </figcaption>
    </figure>
  );
}
