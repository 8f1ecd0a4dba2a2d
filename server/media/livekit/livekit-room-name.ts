/**
 * A call's LiveKit room is named after the call, with a prefix so a LiveKit
 * project shared with other software (LiveKit Cloud) can tell our rooms apart
 * and webhooks about other rooms are ignored.
 */
const PREFIX = 'psych-call-';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function livekitRoomName(callId: string): string {
  return `${PREFIX}${callId}`;
}

/** The call id a room name stands for, or null when the room is not one of ours. */
export function callIdOfLivekitRoom(room: string): string | null {
  if (!room.startsWith(PREFIX)) return null;
  const id = room.slice(PREFIX.length);
  return UUID.test(id) ? id : null;
}
