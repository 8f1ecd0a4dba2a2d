import { TokenVerifier } from 'livekit-server-sdk';
import pino from 'pino';
import { LiveKitBackend } from '../../server/media/livekit/livekit-backend';
import { livekitRoomName } from '../../server/media/livekit/livekit-room-name';
import {
  MediaBackendUnavailableError,
  permissionsFor,
  type MediaParticipant,
} from '../../server/media/media-backend';
import { LivekitStandIn } from '../support/livekit-stand-in';

const callId = '6a1c1d7e-2b1f-4e8a-9f6c-0d2e3f4a5b6c';
const room = livekitRoomName(callId);

describe('LiveKit backend against a local RoomService stand-in (real RoomServiceClient, real Twirp)', () => {
  let lk: LivekitStandIn;
  let backend: LiveKitBackend;

  beforeEach(async () => {
    lk = await new LivekitStandIn().start();
    backend = new LiveKitBackend({
      url: 'wss://livekit.example.test',
      apiUrl: lk.url,
      apiKey: lk.apiKey,
      apiSecret: lk.apiSecret,
      tokenTtlSeconds: 300,
      departureTimeoutSeconds: 45,
      logger: pino({ level: 'silent' }),
    });
  });
  afterEach(async () => {
    await backend.close();
    await lk.stop();
  });

  const patient = (admitted: boolean): MediaParticipant => ({
    callId,
    participantId: 'visit-p-1',
    role: 'patient',
    displayName: 'Patient',
    permissions: permissionsFor('patient', admitted),
  });

  it("creates the call's room with the reconnect grace as departure timeout, signed as room admin", async () => {
    await backend.openRoom(callId);
    const [call] = lk.callsTo('CreateRoom');
    expect(call!.path).toBe('/twirp/livekit.RoomService/CreateRoom');
    expect(call!.body).toMatchObject({
      name: room,
      departureTimeout: 45,
      maxParticipants: 10,
    });
    expect(call!.claims?.video).toMatchObject({ roomCreate: true });
  });

  it('admits with a participant token for the browser and no Twirp call for a first, unadmitted join', async () => {
    const info = await backend.admit(patient(false));
    expect(info.backend).toBe('livekit');
    if (info.backend !== 'livekit') throw new Error('unreachable');
    expect(info.url).toBe('wss://livekit.example.test');
    const claims = await new TokenVerifier(lk.apiKey, lk.apiSecret).verify(
      info.token,
    );
    expect(claims.video).toMatchObject({
      room,
      canSubscribe: false,
      canPublish: false,
      hidden: true,
    });
    expect(lk.callsTo('UpdateParticipant')).toHaveLength(0);
  });

  it('promotes a waiting patient in place when they are admitted', async () => {
    await backend.admit(patient(false));
    const info = await backend.admit(patient(true));
    const [update] = lk.callsTo('UpdateParticipant');
    expect(update!.body).toMatchObject({
      room,
      identity: 'visit-p-1',
      permission: {
        canSubscribe: true,
        canPublish: true,
        canPublishSources: expect.arrayContaining(['MICROPHONE', 'CAMERA']),
      },
    });
    expect(update!.claims?.video).toMatchObject({ roomAdmin: true, room });
    if (info.backend !== 'livekit') throw new Error('unreachable');
    const claims = await new TokenVerifier(lk.apiKey, lk.apiSecret).verify(
      info.token,
    );
    expect(claims.video).toMatchObject({
      canSubscribe: true,
      canPublish: true,
      hidden: false,
    });
  });

  it('treats "not connected yet" (404) on promotion as fine', async () => {
    lk.fail('UpdateParticipant', 404, 'not_found', 'participant not found');
    await expect(backend.admit(patient(true))).resolves.toMatchObject({
      backend: 'livekit',
    });
    expect(lk.callsTo('UpdateParticipant')).toHaveLength(1);
  });

  it('mutes server-side by taking the microphone out of the publish permission, and gives it back', async () => {
    await backend.admit({
      callId,
      participantId: 'u-psych',
      role: 'psychiatrist',
      displayName: 'Dr',
      permissions: permissionsFor('psychiatrist', true),
    });
    lk.calls.length = 0;
    await backend.setMuted(callId, 'u-psych', 'audio', true);
    await backend.setMuted(callId, 'u-psych', 'audio', false);
    const [mute, unmute] = lk.callsTo('UpdateParticipant');
    expect(mute!.body).toMatchObject({
      identity: 'u-psych',
      permission: { canPublishSources: ['CAMERA'] },
    });
    expect(
      (
        unmute!.body.permission as { canPublishSources: string[] }
      ).canPublishSources.sort(),
    ).toEqual(['CAMERA', 'MICROPHONE']);
  });

  it("mutes someone admitted through another instance, starting from LiveKit's view of them", async () => {
    lk.replies.set('GetParticipant', {
      identity: 'u-pcp',
      permission: {
        canPublish: true,
        canSubscribe: true,
        canPublishSources: ['MICROPHONE', 'CAMERA'],
      },
    });
    await backend.setMuted(callId, 'u-pcp', 'video', true);
    expect(lk.callsTo('GetParticipant')[0]!.body).toMatchObject({
      room,
      identity: 'u-pcp',
    });
    expect(lk.callsTo('UpdateParticipant')[0]!.body).toMatchObject({
      permission: { canPublishSources: ['MICROPHONE'] },
    });
  });

  it('removes a participant and closes the room, tolerating ones LiveKit already dropped', async () => {
    await backend.remove(callId, 'visit-p-1');
    lk.fail('RemoveParticipant', 404, 'not_found');
    await backend.remove(callId, 'visit-p-1');
    lk.fail('DeleteRoom', 404, 'not_found');
    await backend.closeRoom(callId);
    expect(lk.callsTo('RemoveParticipant').map((c) => c.body)).toEqual([
      { room, identity: 'visit-p-1' },
      { room, identity: 'visit-p-1' },
    ]);
    expect(lk.callsTo('DeleteRoom')[0]!.body).toEqual({ room });
  });

  it('surfaces other LiveKit errors', async () => {
    lk.fail('CreateRoom', 400, 'invalid_argument', 'bad room');
    await expect(backend.openRoom(callId)).rejects.toThrow(/bad room/);
  });

  it('refuses to start with credentials LiveKit rejects, with a message naming the variables', async () => {
    const wrong = new LiveKitBackend({
      url: lk.url,
      apiKey: lk.apiKey,
      apiSecret: 'not-the-secret-not-the-secret-000',
      tokenTtlSeconds: 60,
      departureTimeoutSeconds: 30,
      logger: pino({ level: 'silent' }),
    });
    const err = await wrong.start().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaBackendUnavailableError);
    expect((err as Error).message).toMatch(
      /MEDIA_BACKEND=livekit.*LIVEKIT_API_KEY\/LIVEKIT_API_SECRET/,
    );
    await expect(backend.start()).resolves.toBeUndefined();
    expect(lk.callsTo('ListRooms').length).toBeGreaterThan(0);
  });

  it('only warns when LiveKit is unreachable at start-up', async () => {
    await lk.stop();
    await expect(backend.start()).resolves.toBeUndefined();
  });
});
