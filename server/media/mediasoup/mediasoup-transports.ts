import type { MsTransport } from '../../../signaling/protocol/mediasoup-events';
import type { MediasoupPeer, TransportDirection } from './mediasoup-peer';
import type { RoomContext } from './mediasoup-room-types';

/** Bitrate the SFU assumes towards a receiver before bandwidth estimation has data. */
const INITIAL_OUTGOING_BITRATE = 600_000;

/**
 * Opens the peer's transport in one direction, replacing an older one (a
 * client that reconnects from scratch), and follows its ICE and DTLS state.
 */
export async function createTransport(
  room: RoomContext,
  peer: MediasoupPeer,
  direction: TransportDirection,
): Promise<MsTransport> {
  peer.assertMay(direction);
  peer.transportFor(direction)?.close();
  const placed = room.placed();
  const listen = placed.webRtcServer
    ? { webRtcServer: placed.webRtcServer }
    : { listenInfos: room.settings.listenInfos };
  const transport = await placed.router.createWebRtcTransport({
    ...listen,
    enableUdp: true,
    enableTcp: true,
    preferUdp: true,
    initialAvailableOutgoingBitrate: INITIAL_OUTGOING_BITRATE,
    appData: { participantId: peer.participantId, direction },
  });
  peer.transports.set(transport.id, transport);
  transport.observer.once('close', () => {
    peer.transports.delete(transport.id);
    updateMediaState(room, peer);
  });
  transport.on('icestatechange', () => updateMediaState(room, peer));
  transport.on('dtlsstatechange', () => updateMediaState(room, peer));
  return {
    transportId: transport.id,
    iceParameters: transport.iceParameters,
    iceCandidates: transport.iceCandidates,
    dtlsParameters: transport.dtlsParameters,
  };
}

/** Media connected or lost for the peer, reported once per change. */
export function updateMediaState(room: RoomContext, peer: MediasoupPeer): void {
  // A dying worker closes every transport before the router says why: the room's rebuild reports that.
  if (!room.takesMediaFacts() || !room.peers.has(peer.participantId)) return;
  const up = [...peer.transports.values()].some(
    (t) =>
      t.dtlsState === 'connected' &&
      (t.iceState === 'connected' || t.iceState === 'completed'),
  );
  if (up === peer.mediaUp) return;
  peer.mediaUp = up;
  if (up) {
    peer.everConnected = true;
    room.media('media_connected', peer.participantId);
  } else {
    room.media('participant_dropped', peer.participantId, {
      reason: 'transport_lost',
    });
  }
}
