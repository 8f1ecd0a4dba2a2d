import { TokenVerifier } from 'livekit-server-sdk';
import {
  permissionsFor,
  type MediaParticipantRole,
} from '../../server/media/media-backend';
import {
  livekitRoomName,
  callIdOfLivekitRoom,
} from '../../server/media/livekit/livekit-room-name';
import { issueLivekitToken } from '../../server/media/livekit/livekit-token';

const creds = {
  apiKey: 'APIunit',
  apiSecret: 'unit-secret-unit-secret-unit-secret-01',
};
const callId = '3f1b6a3e-8a43-4c55-9a55-5b1f5a0c9d11';

async function decode(
  role: MediaParticipantRole,
  admitted: boolean,
  ttl = 600,
) {
  const token = await issueLivekitToken(
    creds,
    {
      callId,
      participantId: `p-${role}`,
      role,
      displayName: 'Display',
      permissions: permissionsFor(role, admitted),
    },
    ttl,
  );
  return new TokenVerifier(creds.apiKey, creds.apiSecret).verify(token);
}

describe("LiveKit join tokens carry exactly the role's grants", () => {
  it.each<
    [
      MediaParticipantRole,
      boolean,
      {
        canPublish: boolean;
        sources: string[];
        canSubscribe: boolean;
        hidden: boolean;
      },
    ]
  >([
    [
      'psychiatrist',
      true,
      {
        canPublish: true,
        sources: ['microphone', 'camera'],
        canSubscribe: true,
        hidden: false,
      },
    ],
    [
      'pcp',
      true,
      {
        canPublish: true,
        sources: ['microphone', 'camera'],
        canSubscribe: true,
        hidden: false,
      },
    ],
    [
      'patient',
      true,
      {
        canPublish: true,
        sources: ['microphone', 'camera'],
        canSubscribe: true,
        hidden: false,
      },
    ],
    [
      'guardian',
      true,
      {
        canPublish: true,
        sources: ['microphone', 'camera'],
        canSubscribe: true,
        hidden: false,
      },
    ],
    [
      'interpreter',
      true,
      {
        canPublish: true,
        sources: ['microphone'],
        canSubscribe: true,
        hidden: false,
      },
    ],
    [
      'coordinator',
      true,
      {
        canPublish: true,
        sources: ['microphone'],
        canSubscribe: true,
        hidden: true,
      },
    ],
    [
      'patient',
      false,
      { canPublish: false, sources: [], canSubscribe: false, hidden: true },
    ],
  ])('%s (admitted: %s)', async (role, admitted, want) => {
    const claims = await decode(role, admitted);
    expect(claims.sub).toBe(`p-${role}`);
    expect(claims.video).toMatchObject({
      room: livekitRoomName(callId),
      roomJoin: true,
      canPublish: want.canPublish,
      canSubscribe: want.canSubscribe,
      hidden: want.hidden,
      canPublishData: false,
    });
    // canPublishSources supersedes canPublish in LiveKit: it must be explicit, never absent.
    expect(claims.video?.canPublishSources).toEqual(want.sources);
    // No admin powers leak into a participant token.
    expect(claims.video?.roomAdmin).toBeUndefined();
    expect(claims.video?.roomCreate).toBeUndefined();
    expect(claims.attributes).toMatchObject({ role, callId });
  });

  it('is short-lived: expires TTL seconds after issue', async () => {
    const claims = await decode('pcp', true, 120);
    expect(claims.exp! - claims.nbf!).toBe(120);
  });

  it('is refused when signed with another secret', async () => {
    const token = await issueLivekitToken(
      { ...creds, apiSecret: 'another-secret-another-secret-0000' },
      {
        callId,
        participantId: 'x',
        role: 'pcp',
        displayName: 'D',
        permissions: permissionsFor('pcp', true),
      },
      60,
    );
    await expect(
      new TokenVerifier(creds.apiKey, creds.apiSecret).verify(token),
    ).rejects.toThrow();
  });

  it('maps room names to call ids and back, ignoring rooms that are not ours', () => {
    expect(callIdOfLivekitRoom(livekitRoomName(callId))).toBe(callId);
    expect(callIdOfLivekitRoom('someone-elses-room')).toBeNull();
    expect(callIdOfLivekitRoom('psych-call-not-a-uuid')).toBeNull();
  });
});
