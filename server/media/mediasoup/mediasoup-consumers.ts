import { AppError } from '../../errors';
import type { MsConsumeResult } from '../../../signaling/protocol/mediasoup-events';
import type * as types from './mediasoup-api';
import type { ConsumerAppData, MediasoupPeer } from './mediasoup-peer';
import type { RoomContext } from './mediasoup-room-types';

/**
 * Starts receiving another participant's stream, paused until the client
 * resumes it, and relays the sender's pause, resume and close to the client.
 */
export async function consume(
  room: RoomContext,
  peer: MediasoupPeer,
  producerId: string,
  rtpCapabilities: types.RtpCapabilities,
): Promise<MsConsumeResult> {
  peer.assertMay('recv');
  const owner = [...room.peers.values()].find((p) =>
    p.producers.has(producerId),
  );
  if (!owner || owner === peer)
    throw new AppError(
      'not_found',
      'producer_not_found',
      'That stream is not being sent any more.',
    );
  if (!room.placed().router.canConsume({ producerId, rtpCapabilities })) {
    throw new AppError(
      'invalid',
      'cannot_consume',
      'This browser cannot decode that stream.',
    );
  }
  const transport = peer.transportFor('recv');
  if (!transport)
    throw new AppError(
      'conflict',
      'no_receive_transport',
      'Open the receiving connection first.',
    );
  const consumer = await transport.consume<ConsumerAppData>({
    producerId,
    rtpCapabilities,
    paused: true,
    appData: { participantId: owner.participantId },
  });
  peer.consumers.set(consumer.id, consumer);
  const push =
    (
      event:
        | 'media:ms:consumer-closed'
        | 'media:ms:consumer-paused'
        | 'media:ms:consumer-resumed',
    ) =>
    () =>
      room.notice(peer.participantId, event, {
        callId: room.callId,
        consumerId: consumer.id,
      });
  consumer.observer.once('close', () => peer.consumers.delete(consumer.id));
  consumer.on('producerclose', () => {
    consumer.close();
    push('media:ms:consumer-closed')();
  });
  consumer.on('producerpause', push('media:ms:consumer-paused'));
  consumer.on('producerresume', push('media:ms:consumer-resumed'));
  if (consumer.type === 'simulcast')
    await consumer.setPreferredLayers({ spatialLayer: 2, temporalLayer: 2 });
  return {
    consumerId: consumer.id,
    producerId,
    participantId: owner.participantId,
    kind: consumer.kind,
    rtpParameters: consumer.rtpParameters,
    producerPaused: consumer.producerPaused,
  };
}
