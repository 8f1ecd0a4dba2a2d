/** socket.io rooms of a call: everyone in it, and each participant's own (signals are relayed to one named peer). */
export const callRoom = (callId: string) => `call:${callId}`;
export const callPeerRoom = (callId: string, participantId: string) =>
  `call:${callId}:${participantId}`;
export const isCallRoom = (room: string) => room.startsWith('call:');
