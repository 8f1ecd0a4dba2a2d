import { createHash } from 'node:crypto';
import {
  AccessToken,
  ParticipantInfo,
  Room,
  TokenVerifier,
  WebhookEvent,
} from 'livekit-server-sdk';
import type { Socket } from 'socket.io-client';
import type { CallJoinResult } from '../../signaling/protocol/call-events';
import type { PushPayload } from '../../signaling/protocol/pushes';
import type { RunningServer } from '../../server/main';
import { livekitRoomName } from '../../server/media/livekit/livekit-room-name';
import { acceptedConsult, ledgerOf } from '../support/consult-fixtures';
import { LivekitStandIn } from '../support/livekit-stand-in';
import {
  connectSocket,
  connected,
  nextEvent,
  request,
} from '../support/socket-client';
import { api, login, startTestServer } from '../support/test-server';
import { eventually } from './queue-kit';

/**
 * The call flow of the signaling issue, unchanged, on MEDIA_BACKEND=livekit:
 * the same call:join / participants / end over our socket.io, with LiveKit
 * (a local stand-in speaking its Twirp API) carrying the media and reporting
 * it back through signed webhooks.
 */
const BROWSER_URL = 'wss://livekit.example.test';

async function clinician(
  server: RunningServer,
  email: string,
): Promise<Socket> {
  const socket = connectSocket(
    server.url,
    (await login(server.url, email)).token,
  );
  await connected(socket);
  return socket;
}

async function webhook(
  server: RunningServer,
  lk: LivekitStandIn,
  id: string,
  name: string,
  callId: string,
  identity: string,
  role: string,
) {
  const e = new WebhookEvent({
    id,
    createdAt: BigInt(Math.floor(Date.now() / 1000)),
    room: new Room({ name: livekitRoomName(callId), sid: 'RM_flow' }),
    participant: new ParticipantInfo({
      identity,
      sid: `PA_${identity.slice(0, 8)}`,
      attributes: { role },
    }),
  });
  e.event = name as WebhookEvent['event'];
  const body = e.toJsonString();
  const at = new AccessToken(lk.apiKey, lk.apiSecret);
  at.sha256 = createHash('sha256').update(body).digest('base64');
  return api(server.url, 'POST', '/api/media/livekit/webhook', {
    body,
    headers: {
      'content-type': 'application/webhook+json',
      authorization: await at.toJwt(),
    },
  });
}

/** The LiveKit token of a join's media (a join on another backend has none). */
function livekitToken(media: CallJoinResult['media']): string {
  if (media.backend !== 'livekit') throw new Error(`media: ${media.backend}`);
  return media.token;
}

describe('a consult call on LiveKit', () => {
  let lk: LivekitStandIn;
  let server: RunningServer;
  beforeAll(async () => {
    lk = await new LivekitStandIn().start();
    server = await startTestServer({
      env: {
        MEDIA_BACKEND: 'livekit',
        LIVEKIT_URL: BROWSER_URL,
        LIVEKIT_API_URL: lk.url,
        LIVEKIT_API_KEY: lk.apiKey,
        LIVEKIT_API_SECRET: lk.apiSecret,
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await lk.stop();
  });

  it('joins both clinicians with role tokens for one room, moves the consult in call on LiveKit media, and closes the room at the end', async () => {
    const consult = await acceptedConsult(server.services.db);
    const pcp = await clinician(server, 'pcp@demo.test');
    const psy = await clinician(server, 'psych.child@demo.test');
    try {
      const a = await request<CallJoinResult>(pcp, 'call:join', {
        consultId: consult.consultId,
        peerSession: 'pcp-lk-session-1',
      });
      if (!a.ok) throw new Error(`join refused: ${a.error.code}`);
      const callId = a.data.call.callId;
      const room = livekitRoomName(callId);
      expect(a.data.media).toMatchObject({
        backend: 'livekit',
        url: BROWSER_URL,
        token: expect.any(String),
      });
      const verifier = new TokenVerifier(lk.apiKey, lk.apiSecret);
      const pcpClaims = await verifier.verify(livekitToken(a.data.media));
      expect(pcpClaims.sub).toBe(consult.pcpId);
      expect(pcpClaims.video).toMatchObject({
        room,
        roomJoin: true,
        canPublish: true,
        canSubscribe: true,
      });
      expect(lk.callsTo('CreateRoom').map((c) => c.body.name)).toEqual([room]);

      const seen = nextEvent<PushPayload<'call:participant'>>(
        pcp,
        'call:participant',
        5000,
        (e) => e.participant.participantId === consult.psychiatristId,
      );
      const b = await request<CallJoinResult>(psy, 'call:join', {
        callId,
        peerSession: 'psy-lk-session-1',
      });
      if (!b.ok) throw new Error(`join refused: ${b.error.code}`);
      expect(b.data.participants.map((p) => p.role)).toEqual(['pcp']);
      expect(
        (await verifier.verify(livekitToken(b.data.media))).video,
      ).toMatchObject({
        room,
        canPublish: true,
      });
      await seen;
      expect(lk.callsTo('CreateRoom')).toHaveLength(1);

      // LiveKit reports each participant's media: the ledger gets it from LiveKit, the consult moves in call.
      expect(
        (
          await webhook(
            server,
            lk,
            'EV_flow_1',
            'participant_joined',
            callId,
            consult.pcpId,
            'pcp',
          )
        ).body,
      ).toMatchObject({ outcome: 'recorded' });
      expect(
        (
          await webhook(
            server,
            lk,
            'EV_flow_2',
            'participant_joined',
            callId,
            consult.psychiatristId,
            'psychiatrist',
          )
        ).body,
      ).toMatchObject({ outcome: 'recorded' });
      const status = async () =>
        (
          await server.services.db.query<{ status: string }>(
            'SELECT status FROM consults WHERE id = $1',
            [consult.consultId],
          )
        ).rows[0]!.status;
      await eventually(
        async () => (await status()) === 'in_call',
        5000,
        'consult in call',
      );

      const ended = nextEvent(pcp, 'call:ended');
      expect((await request(psy, 'call:end', { callId })).ok).toBe(true);
      expect(await ended).toMatchObject({
        callId,
        reason: 'ended_by_clinician',
      });
      await eventually(
        () => lk.callsTo('DeleteRoom').length === 1,
        5000,
        'room closed',
      );
      expect(lk.callsTo('DeleteRoom')[0]!.body).toMatchObject({ room });

      const ledger = await ledgerOf(server.services.db, callId);
      expect(
        ledger
          .filter((e) => e.type === 'media_connected')
          .map((e) => e.role)
          .sort(),
      ).toEqual(['pcp', 'psychiatrist']);
      expect(ledger.at(-1)!.type).toBe('call_ended');
    } finally {
      pcp.close();
      psy.close();
    }
  });
});
