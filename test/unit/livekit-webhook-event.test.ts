import { callEventForWebhook } from '../../server/media/livekit/livekit-webhook-event';
import { livekitRoomName } from '../../server/media/livekit/livekit-room-name';

const callId = '0b9f2d8c-1e2f-4a3b-8c4d-5e6f7a8b9c0d';
const room = { name: livekitRoomName(callId) };
const staff = {
  identity: 'a4d5e6f7-0000-4000-8000-000000000001',
  attributes: { role: 'psychiatrist' },
};
const patient = {
  identity: 'visit-participant-9',
  attributes: { role: 'patient' },
};

describe('LiveKit webhook -> call event', () => {
  it.each([
    ['participant_joined', staff, 'media_connected'],
    ['participant_left', staff, 'participant_left'],
    ['participant_connection_aborted', patient, 'participant_dropped'],
    ['room_started', undefined, 'media_room_started'],
    ['room_finished', undefined, 'media_room_finished'],
  ])('%s is recorded as %s', (event, participant, type) => {
    const r = callEventForWebhook({
      id: 'EV_1',
      event,
      createdAt: 1_700_000_000n,
      room,
      participant,
    });
    expect(r).toMatchObject({
      kind: 'record',
      callId,
      type,
      details: {
        webhookId: 'EV_1',
        livekitEvent: event,
        livekitCreatedAt: 1_700_000_000,
      },
    });
  });

  it('links a staff participant to their user and a visitor to nobody', () => {
    expect(
      callEventForWebhook({
        id: 'a',
        event: 'participant_joined',
        room,
        participant: staff,
      }),
    ).toMatchObject({
      userId: staff.identity,
      role: 'psychiatrist',
      participantId: staff.identity,
    });
    expect(
      callEventForWebhook({
        id: 'b',
        event: 'participant_joined',
        room,
        participant: patient,
      }),
    ).toMatchObject({
      userId: null,
      role: 'patient',
      participantId: 'visit-participant-9',
    });
  });

  it('does not trust an unknown role attribute', () => {
    const r = callEventForWebhook({
      id: 'c',
      event: 'participant_left',
      room,
      participant: { identity: 'x', attributes: { role: 'admin' } },
    });
    expect(r).toMatchObject({ kind: 'record', role: null, userId: null });
  });

  it.each([
    [
      { id: 'd', event: 'track_published', room, participant: staff },
      'event_track_published',
    ],
    [
      {
        id: 'e',
        event: 'participant_joined',
        room: { name: 'other-app-room' },
        participant: staff,
      },
      'not_our_room',
    ],
    [{ id: 'f', event: 'participant_joined', room }, 'no_participant'],
  ])('ignores %j (%s)', (e, reason) => {
    expect(callEventForWebhook(e)).toEqual({ kind: 'ignore', reason });
  });
});
