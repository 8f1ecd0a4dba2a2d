import type { Socket } from 'socket.io-client';
import type { MediaJoinInfo, SfuCallMedia } from './sfu-call-media';

// Its own file: the SFU kinds extend SfuCallMedia, so choosing one beside the
// base class would make the base import its subclasses (an import cycle).
/** The SFU media for a join answer, or null for p2p (the engine's own mesh). */
export async function createSfuMedia(o: {
  callId: string;
  media: MediaJoinInfo;
  socket: Socket;
}): Promise<SfuCallMedia | null> {
  switch (o.media.backend) {
    case 'p2p':
      return null;
    case 'mediasoup': {
      const { MediasoupCallMedia } = await import('./mediasoup-call-media');
      return new MediasoupCallMedia(o.callId, o.socket, o.media.iceServers);
    }
    case 'livekit': {
      const { LivekitCallMedia } = await import('./livekit-call-media');
      return new LivekitCallMedia(o.media.url, o.media.token);
    }
  }
}
