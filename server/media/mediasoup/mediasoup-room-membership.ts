import type { Logger } from '../../logger';
import type { MediaParticipant } from '../media-backend';
import type * as types from './mediasoup-api';
import { MediasoupPeer } from './mediasoup-peer';
import type { RoomContext } from './mediasoup-room-types';

/**
 * Who is in a call's media room and what they may do, as the call module
 * decides it: adding people, changing or undoing their permissions, muting
 * by the host, taking them out. Each change is pushed to the person.
 */

/** Adds the participant or changes what they may do, undoing what they may no longer do. */
export function admitPeer(
  room: RoomContext,
  peers: Map<string, MediasoupPeer>,
  p: MediaParticipant,
): void {
  const peer = peers.get(p.participantId);
  if (!peer) {
    peers.set(p.participantId, new MediasoupPeer(p));
    return;
  }
  peer.role = p.role;
  peer.permissions = p.permissions;
  for (const producer of [...peer.producers.values()])
    if (!peer.mayPublish(producer.kind)) producer.close();
  if (!p.permissions.canSubscribe)
    for (const c of [...peer.consumers.values()]) c.close();
  noticePermissions(room, peer);
}

export function removePeer(
  room: RoomContext,
  peers: Map<string, MediasoupPeer>,
  participantId: string,
  reason: 'removed' | 'room_closed',
): void {
  const peer = peers.get(participantId);
  if (!peer) return;
  peers.delete(participantId);
  peer.closeMedia();
  room.notice(participantId, 'media:ms:closed', {
    callId: room.callId,
    reason,
  });
  if (peer.everConnected)
    room.media('participant_left', participantId, { reason });
}

export function muteByHost(
  room: RoomContext,
  logger: Logger,
  peer: MediasoupPeer,
  kind: 'audio' | 'video',
  muted: boolean,
): void {
  peer.mutedByHost[kind] = muted;
  // Muting pauses at the SFU, so nothing reaches anyone even if the browser keeps sending.
  // Unmuting only lifts the lock: turning a microphone back on is the participant's choice.
  if (muted)
    for (const p of peer.producers.values())
      if (p.kind === kind && !p.paused)
        void pauseProducerQuietly(room, logger, p);
  noticePermissions(room, peer);
}

async function pauseProducerQuietly(
  room: RoomContext,
  logger: Logger,
  p: types.Producer,
): Promise<void> {
  await p.pause().catch((err: unknown) =>
    logger.warn(
      {
        callId: room.callId,
        err: err instanceof Error ? err.message : String(err),
      },
      'could not pause producer',
    ),
  );
}

function noticePermissions(room: RoomContext, peer: MediasoupPeer): void {
  room.notice(peer.participantId, 'media:ms:permissions', {
    callId: room.callId,
    permissions: peer.permissions,
    mutedByHost: { ...peer.mutedByHost },
  });
}

/** The worker died: everyone's media is gone, the people stay. */
export function forgetAllMedia(room: RoomContext, workerIndex: number): void {
  for (const peer of room.peers.values()) {
    peer.forgetMedia();
    if (peer.mediaUp) {
      peer.mediaUp = false;
      room.media('participant_dropped', peer.participantId, {
        reason: 'worker_died',
        worker: workerIndex,
      });
    }
  }
}
