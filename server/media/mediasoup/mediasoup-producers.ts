import { AppError } from '../../errors';
import type {
  MediaSource,
  ProducerInfo,
} from '../../../signaling/protocol/mediasoup-events';
import type * as types from './mediasoup-api';
import type { MediasoupPeer, ProducerAppData } from './mediasoup-peer';
import type { RoomContext } from './mediasoup-room-types';

/** What a client asks to send. */
export interface ProduceRequest {
  transportId: string;
  kind: 'audio' | 'video';
  source: MediaSource;
  rtpParameters: types.RtpParameters;
  paused: boolean;
}

/**
 * Starts sending the peer's microphone or camera, after checking they may,
 * and tells everyone who may receive that there is a new stream.
 */
export async function produce(
  room: RoomContext,
  peer: MediasoupPeer,
  req: ProduceRequest,
): Promise<{ producerId: string }> {
  peer.assertMayPublish(req.kind);
  if (req.kind === 'video' && room.audioOnly)
    throw new AppError(
      'conflict',
      'audio_only_call',
      'This is a voice-only call.',
    );
  if ((req.source === 'microphone') !== (req.kind === 'audio'))
    throw new AppError(
      'invalid',
      'source_mismatch',
      'A microphone sends audio and a camera sends video.',
    );
  const transport = peer.transport(req.transportId);
  if (transport.appData.direction !== 'send')
    throw new AppError(
      'invalid',
      'wrong_transport',
      'Media is sent on the sending connection.',
    );
  const producer = await transport.produce<ProducerAppData>({
    kind: req.kind,
    rtpParameters: req.rtpParameters,
    paused: req.paused || peer.mutedByHost[req.kind],
    appData: { participantId: peer.participantId, source: req.source },
  });
  peer.producers.set(producer.id, producer);
  producer.observer.once('close', () => peer.producers.delete(producer.id));
  if (producer.kind === 'audio')
    await room
      .speakers()
      .addProducer({ producerId: producer.id })
      .catch(() => undefined);
  const info = producerInfo(peer, producer);
  for (const other of room.peers.values()) {
    if (other !== peer && other.permissions.canSubscribe)
      room.notice(other.participantId, 'media:ms:new-producer', {
        callId: room.callId,
        producer: info,
      });
  }
  return { producerId: producer.id };
}

/** Everyone else's streams, as a joining participant is told of them. */
export function producersFor(
  peers: Iterable<MediasoupPeer>,
  participantId: string,
): ProducerInfo[] {
  const out: ProducerInfo[] = [];
  for (const peer of peers) {
    if (peer.participantId === participantId) continue;
    for (const producer of peer.producers.values())
      out.push(producerInfo(peer, producer));
  }
  return out;
}

function producerInfo(
  peer: MediasoupPeer,
  p: types.Producer<ProducerAppData>,
): ProducerInfo {
  return {
    producerId: p.id,
    participantId: peer.participantId,
    kind: p.kind,
    source: p.appData.source,
    paused: p.paused,
    hidden: peer.permissions.hidden,
  };
}
