import { AppError } from '../../errors';

/** What a call's media room answers when it cannot take a request. */

export const notAdmitted = () =>
  new AppError(
    'forbidden',
    'not_admitted',
    'You are in the waiting room: the clinician has not let you into the call yet.',
  );

export const mutedByHost = () =>
  new AppError(
    'conflict',
    'muted_by_host',
    'The clinician muted you; they can unmute you.',
  );

export const notInMediaRoom = () =>
  new AppError(
    'forbidden',
    'not_in_media_room',
    "You are not in this call's media. Join the call first.",
  );

export const mediaRestarting = () =>
  new AppError(
    'unavailable',
    'media_restarting',
    "The call's media is restarting. Reconnecting in a moment.",
  );

export const mediaRoomClosed = () =>
  new AppError('gone', 'media_room_closed', "This call's media has ended.");
