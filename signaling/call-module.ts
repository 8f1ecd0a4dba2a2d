import { AppError, conflict } from '../server/errors';
import type { CallService } from '../server/calls/call-service';
import type { Logger } from '../server/logger';
import { callRoom, callPeerRoom, isCallRoom } from './call-rooms';
import {
  callIcePathRequest,
  callIceRestartRequest,
  callJoinRequest,
  callMediaConnectedRequest,
  callMediaStateRequest,
  callRef,
  callSignalRequest,
} from './protocol/call-events';
import type { AckResult } from './protocol/envelope';
import { onRequest, type AppServer, type AppSocket } from './socket-handler';
import type { SocketModule } from './socket-module';

/** What the call socket module uses. */
export interface CallSocketDeps {
  calls: CallService;
  logger: Logger;
  /** Counts each participant's media path once per call (server/metrics). */
  metrics?: { callIcePaths: { inc(labels: { path: string }): void } };
}

/** This socket's place in a call: who it speaks for, and which join (so a stale drop is ignored). */
interface Membership {
  participantId: string;
  joinSeq: number;
}

/**
 * Call signaling: join/leave/end, the participant list, and offer / answer /
 * ICE candidates relayed to one named peer. A socket is "in" a call when it
 * is in the call's room; only `call:join` (which asks the call service, i.e.
 * the database and the waiting room) puts it there.
 */
export function callSocketModule(deps: CallSocketDeps): SocketModule {
  const calls = deps.calls;
  const memberships = new Map<string, Map<string, Membership>>();
  /** Per open call, the participants whose media path was counted. */
  const pathsCounted = new Map<string, Set<string>>();
  let io: AppServer | null = null;

  calls.observer.on('ended', (callId) => {
    io?.in(callRoom(callId)).socketsLeave(callRoom(callId));
    for (const m of memberships.values()) m.delete(callId);
    pathsCounted.delete(callId);
  });
  calls.observer.on('removed', (callId, participantId) => {
    const peer = callPeerRoom(callId, participantId);
    io?.to(peer).emit('call:removed', { callId, reason: 'removed' });
    io?.in(peer).socketsLeave([callRoom(callId), peer]);
  });

  const membership = (socket: AppSocket, callId: string): Membership => {
    const m = memberships.get(socket.id)?.get(callId);
    if (!m || !socket.rooms.has(callRoom(callId)))
      throw conflict('not_in_call', 'Join the call first.');
    return m;
  };

  return {
    name: 'calls',
    onConnection(socket, server) {
      io = server;
      // Recovery restores rooms; a call room must be earned again through call:join (admission may have changed).
      if (socket.recovered)
        for (const room of [...socket.rooms])
          if (isCallRoom(room)) socket.leave(room);
      const log = deps.logger;

      onRequest(
        socket,
        log,
        'call:join',
        callJoinRequest,
        async (req, identity) => {
          const outcome = await calls.join(identity, req);
          const { callId } = outcome.result.call;
          const peer = callPeerRoom(callId, outcome.participantId);
          // One connection per participant: an older tab or a half-open socket is told and taken out.
          server
            .to(peer)
            .except(socket.id)
            .emit('call:removed', { callId, reason: 'replaced' });
          server
            .in(peer)
            .except(socket.id)
            .socketsLeave([callRoom(callId), peer]);
          socket.join([callRoom(callId), peer]);
          let mine = memberships.get(socket.id);
          if (!mine) memberships.set(socket.id, (mine = new Map()));
          mine.set(callId, {
            participantId: outcome.participantId,
            joinSeq: outcome.joinSeq,
          });
          return outcome.result;
        },
      );

      onRequest(socket, log, 'call:leave', callRef, async ({ callId }) => {
        const m = membership(socket, callId);
        memberships.get(socket.id)?.delete(callId);
        socket.leave(callRoom(callId));
        socket.leave(callPeerRoom(callId, m.participantId));
        await calls.leave(callId, m.participantId, m.joinSeq);
        return null;
      });

      onRequest(
        socket,
        log,
        'call:end',
        callRef,
        async ({ callId }, identity) => {
          membership(socket, callId);
          await calls.endByClinician(identity, callId);
          return null;
        },
      );

      onRequest(
        socket,
        log,
        'call:media-state',
        callMediaStateRequest,
        async ({ callId, audioMuted, videoMuted }) => {
          await calls.setMediaState(
            callId,
            membership(socket, callId).participantId,
            audioMuted,
            videoMuted,
          );
          return null;
        },
      );

      onRequest(
        socket,
        log,
        'call:media-connected',
        callMediaConnectedRequest,
        async ({ callId, peer }) => {
          await calls.mediaConnected(
            callId,
            membership(socket, callId).participantId,
            'signaling',
            peer ? { peer } : undefined,
          );
          return null;
        },
      );

      onRequest(
        socket,
        log,
        'call:ice-path',
        callIcePathRequest,
        ({ callId, relay }) => {
          const { participantId } = membership(socket, callId);
          // Once per participant per call, however often a page reports.
          const counted = pathsCounted.get(callId) ?? new Set<string>();
          if (!counted.has(participantId)) {
            counted.add(participantId);
            pathsCounted.set(callId, counted);
            deps.metrics?.callIcePaths.inc({
              path: relay ? 'relay' : 'direct',
            });
          }
          return null;
        },
      );

      onRequest(
        socket,
        log,
        'call:ice-restart',
        callIceRestartRequest,
        ({ callId, to }) => {
          const m = membership(socket, callId);
          socket
            .to(callPeerRoom(callId, to))
            .emit('call:ice-restart', { callId, from: m.participantId });
          return null;
        },
      );

      // The hot path (every ICE candidate): validated like every event, but answered only when the
      // client asked for an ack, so fire-and-forget candidates cost one frame each way.
      socket.on('call:signal', (payload: unknown, ack?: unknown) => {
        const reply =
          typeof ack === 'function' ? (ack as (r: AckResult) => void) : null;
        const parsed = callSignalRequest.safeParse(payload);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const field = issue?.path.join('.') || 'payload';
          return refuse(
            socket,
            reply,
            new AppError(
              'invalid',
              'validation_failed',
              `The "call:signal" message is not valid: ${field}: ${issue?.message}`,
              [{ field, message: issue?.message }],
            ),
          );
        }
        const { callId, to, session, description, candidate } = parsed.data;
        const m = memberships.get(socket.id)?.get(callId);
        if (!m || !socket.rooms.has(callRoom(callId)))
          return refuse(
            socket,
            reply,
            conflict('not_in_call', 'Join the call first.'),
          );
        socket
          .to(callPeerRoom(callId, to))
          .emit(
            'call:signal',
            description
              ? { callId, from: m.participantId, session, description }
              : { callId, from: m.participantId, session, candidate },
          );
        reply?.({ ok: true, data: null });
      });
    },

    onDisconnect(socket, reason) {
      const mine = memberships.get(socket.id);
      memberships.delete(socket.id);
      if (!mine) return;
      for (const [callId, m] of mine) {
        calls
          .drop(callId, m.participantId, m.joinSeq, reason)
          .catch((err) =>
            deps.logger.error({ err, callId }, 'call drop not recorded'),
          );
      }
    },
  };
}

function refuse(
  socket: AppSocket,
  reply: ((r: AckResult) => void) | null,
  err: AppError,
): void {
  const error = {
    code: err.code,
    message: err.message,
    ...(err.details === undefined ? {} : { details: err.details }),
  };
  if (reply) reply({ ok: false, error });
  else
    socket.emit('app:error', {
      code: err.code,
      message: err.message,
      event: 'call:signal',
    });
}
