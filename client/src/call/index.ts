/**
 * # Call engine (p2p mesh up to 4 people, or an SFU up to 8)
 *
 * Framework-free. The React call view and the patient page wrap it. The server's
 * `call:join` answer says which media backend the call uses: p2p is the engine's
 * own mesh; on mediasoup or LiveKit it hands the tracks to an SfuCallMedia adapter
 * (client/src/call/sfu/) and the events below are the same. Wire format:
 * signaling/protocol/call-events.ts.
 *
 * ```ts
 * import { CallEngine } from './call';
 *
 * const engine = new CallEngine({
 *   token: () => auth.accessToken(),      // or a visit token; or pass `socket` to share the app's socket
 *   media: { audio: true, video: true },  // or a MediaStream you already have
 * });
 * engine.on('state', (s) => ...);                    // idle | joining | joined | reconnecting | left | ended
 * engine.on('participant', (p) => ...);              // p.info: role, displayName, state ('present' | 'reconnecting'),
 *                                                    //   audioMuted, videoMuted; p.stream; p.connectionState
 * engine.on('participant-left', (participantId) => ...);
 * engine.on('remote-stream', (participantId, stream) => video.srcObject = stream);
 * engine.on('local-stream', (stream) => selfView.srcObject = stream);
 * engine.on('active-speaker', (participantId) => ...); // SFU calls: who is speaking (null: nobody)
 * engine.on('ended', ({ reason, endedBy }) => ...);  // ended_by_clinician | empty | consult_closed
 * engine.on('removed', ({ reason }) => ...);         // replaced (another tab) | removed (by a clinician)
 * engine.on('error', (err) => ...);                  // CallError with a server code (not_admitted, call_full, ...)
 *
 * await engine.join({ consultId });     // or { callId } or { visitId }; rejects with CallError(code)
 * engine.setMicrophoneMuted(true);
 * engine.setCameraOff(true);
 * await engine.setAudioOnly(true);      // releases the camera, stops video both ways
 * const stats = await engine.getStats(); // p2p, per peer: inbound/outbound bytes, frames, RTT, candidate types ('relay' = TURN)
 * engine.restartIce();                   // rarely needed: failures and reconnects restart ICE by themselves
 * await engine.end();                    // clinicians: ends the call for everyone
 * await engine.leave();                  // just me
 * await engine.close();                  // leave, stop media, release the socket
 * ```
 *
 * Behaviour worth knowing:
 * - On an SFU each participant sends one stream (simulcast for video) and the SFU
 *   forwards it; a host's mute comes back as a permissions change and mutes us.
 * - p2p: each pair of participants has one RTCPeerConnection negotiated with "perfect
 *   negotiation" (either side may offer; glare resolves itself).
 * - The newcomer offers to everyone present; the others answer.
 * - If the socket drops, the state becomes 'reconnecting' (others see the same for
 *   us), socket.io reconnects, the engine re-joins with the same peer session within
 *   the server's grace window and restarts ICE: the call carries on. Past the window
 *   we re-join as new and the connections are rebuilt.
 * - A participant whose page reloads comes back with a new peer session: their old
 *   connection is closed and a new one is made.
 * - Media permissions come from the server by role (an interpreter publishes audio only).
 */
export {
  CallEngine,
  CallError,
  type CallEngineEvents,
  type CallEngineOptions,
  type CallEngineState,
  type RemoteParticipant,
} from './call-engine';
export type { PeerStats, MediaCounters } from './call-stats';
export type {
  CallParticipant,
  CallJoinResult,
} from '../../../signaling/protocol/call-events';
