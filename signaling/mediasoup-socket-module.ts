import type * as types from '../server/media/mediasoup/mediasoup-api';
import type { z } from 'zod';
import { conflict } from '../server/errors';
import type { MediasoupBackend } from '../server/media/mediasoup/mediasoup-backend';
import type { LiveChannel } from '../server/live/live-channel';
import type { Logger } from '../server/logger';
import { callPeerRoom, callRoom } from './call-rooms';
import { msRequests } from './protocol/mediasoup-events';
import { onRequest, type AppSocket } from './socket-handler';
import type { SocketModule } from './socket-module';

/** What the mediasoup socket module uses. */
export interface MediasoupSocketDeps {
  live: LiveChannel;
  logger: Logger;
}

/**
 * mediasoup signaling on our socket.io: the same handshake auth, rate limit
 * and zod validation as every other event. A socket may only touch a call's
 * media after `call:join` put it in the call's rooms (the call module applies
 * the access and waiting-room rules); the participant it speaks for is the
 * one that join made it, never a value from the payload. The backend then
 * checks what that participant's role lets them send and receive.
 */
export function mediasoupSocketModule(
  deps: MediasoupSocketDeps,
  backend: MediasoupBackend,
): SocketModule {
  backend.observer.on('notice', (callId, n) =>
    deps.live.toRoom(callPeerRoom(callId, n.participantId), n.event, n.payload),
  );

  /** The participant this socket is in the call as. */
  const participantOf = (socket: AppSocket, callId: string): string => {
    const prefix = `${callPeerRoom(callId, '')}`;
    if (socket.rooms.has(callRoom(callId))) {
      for (const room of socket.rooms)
        if (room.startsWith(prefix) && room.length > prefix.length)
          return room.slice(prefix.length);
    }
    throw conflict('not_in_call', 'Join the call first.');
  };

  return {
    name: 'mediasoup',
    onConnection(socket) {
      const log = deps.logger;
      const on = <K extends keyof typeof msRequests, R>(
        event: K,
        handler: (
          req: z.output<(typeof msRequests)[K]>,
          room: ReturnType<MediasoupBackend['room']>,
          participantId: string,
        ) => Promise<R> | R,
      ) =>
        onRequest(
          socket,
          log,
          event,
          // TypeScript cannot correlate msRequests[K] with its own output
          // type for a generic K; each entry is that very schema.
          msRequests[event] as unknown as z.ZodType<
            z.output<(typeof msRequests)[K]>
          >,
          (req) => {
            const { callId } = req as { callId: string };
            const participantId = participantOf(socket, callId);
            return handler(req, backend.room(callId), participantId);
          },
        );

      on('media:ms:join', (_req, room, pid) => room.join(pid));
      on('media:ms:create-transport', (req, room, pid) =>
        room.createTransport(pid, req.direction),
      );
      on('media:ms:connect-transport', (req, room, pid) =>
        room.connectTransport(
          pid,
          req.transportId,
          req.dtlsParameters as types.DtlsParameters,
        ),
      );
      on('media:ms:restart-ice', (req, room, pid) =>
        room.restartIce(pid, req.transportId),
      );
      on('media:ms:produce', (req, room, pid) =>
        room.produce(pid, {
          transportId: req.transportId,
          kind: req.kind,
          source: req.source,
          rtpParameters: req.rtpParameters as types.RtpParameters,
          paused: req.paused,
        }),
      );
      on('media:ms:close-producer', (req, room, pid) =>
        room.closeProducer(pid, req.producerId),
      );
      on('media:ms:pause-producer', (req, room, pid) =>
        room.pauseProducer(pid, req.producerId),
      );
      on('media:ms:resume-producer', (req, room, pid) =>
        room.resumeProducer(pid, req.producerId),
      );
      on('media:ms:consume', (req, room, pid) =>
        room.consume(
          pid,
          req.producerId,
          req.rtpCapabilities as types.RtpCapabilities,
        ),
      );
      on('media:ms:resume-consumer', (req, room, pid) =>
        room.resumeConsumer(pid, req.consumerId),
      );
      on('media:ms:set-preferred-layers', (req, room, pid) =>
        room.setPreferredLayers(
          pid,
          req.consumerId,
          req.spatialLayer,
          req.temporalLayer,
        ),
      );
      on('media:ms:leave', (_req, room, pid) => room.leave(pid));
    },
    // No onDisconnect: a dropped socket does not end media (UDP may still flow, and
    // connection-state recovery brings the socket back); ICE consent decides that.
  };
}
