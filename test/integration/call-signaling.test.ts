import type { Socket } from 'socket.io-client';
import { signAccessToken } from '../../server/auth/access-token';
import type { RunningServer } from '../../server/main';
import type {
  CallJoinResult,
  IceServer,
} from '../../signaling/protocol/call-events';
import type { PushPayload } from '../../signaling/protocol/pushes';
import {
  acceptedConsult,
  ledgerOf,
  type ConsultFixture,
} from '../support/consult-fixtures';
import { STORE_KINDS, freshPostgresUrl } from '../support/databases';
import {
  connectSocket,
  connected,
  nextEvent,
  refused,
  request,
} from '../support/socket-client';
import {
  api,
  login,
  startTestServer,
  type Session,
} from '../support/test-server';
import {
  DEMO_ADULT,
  checkInAdult,
  invite,
  visitNow,
} from '../support/visit-fixtures';

// PGlite servers start slowly when the machine is busy; the tests themselves wait on events.
jest.setTimeout(60_000);

const OFFER = {
  type: 'offer',
  sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n',
} as const;
const CANDIDATE = {
  candidate: 'candidate:1 1 udp 2122260223 192.0.2.10 54321 typ host',
  sdpMid: '0',
  sdpMLineIndex: 0,
};
let sessionSeq = 0;
const newSession = () =>
  `test-session-${++sessionSeq}-${Date.now().toString(36)}`;

async function clinician(
  server: RunningServer,
  email: string,
): Promise<{ session: Session; socket: Socket }> {
  const session = await login(server.url, email);
  const socket = connectSocket(server.url, session.token);
  await connected(socket);
  return { session, socket };
}

type ParticipantPush = PushPayload<'call:participant'>;

async function join(
  socket: Socket,
  target: Record<string, string>,
  peerSession = newSession(),
) {
  return request<CallJoinResult>(socket, 'call:join', {
    ...target,
    peerSession,
  });
}

describe.each(STORE_KINDS)('call signaling on %s', (store) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({
      store,
      env: { CALL_RECONNECT_GRACE_SECONDS: '1' },
    });
  });
  afterAll(() => server.close());

  let consult: ConsultFixture;
  beforeEach(async () => {
    consult = await acceptedConsult(server.services.db);
  });

  it('lets the PCP and the psychiatrist join, lists them, and relays offers and candidates between them', async () => {
    const pcp = await clinician(server, 'pcp@demo.test');
    const psy = await clinician(server, 'psych.child@demo.test');
    try {
      const a = await join(pcp.socket, { consultId: consult.consultId });
      expect(a.ok).toBe(true);
      if (!a.ok) return;
      expect(a.data.self).toMatchObject({
        participantId: consult.pcpId,
        role: 'pcp',
        state: 'present',
      });
      expect(a.data.participants).toEqual([]);
      expect(a.data.media.backend).toBe('p2p');
      const callId = a.data.call.callId as string;

      const psyJoined = nextEvent<ParticipantPush>(
        pcp.socket,
        'call:participant',
        5000,
        (e) => e.participant.participantId === consult.psychiatristId,
      );
      const b = await join(psy.socket, { consultId: consult.consultId });
      expect(b.ok && b.data.call.callId).toBe(callId);
      expect(
        b.ok && b.data.participants.map((p) => [p.participantId, p.role]),
      ).toEqual([[consult.pcpId, 'pcp']]);
      expect((await psyJoined).participant).toMatchObject({
        role: 'psychiatrist',
        state: 'present',
        displayName: expect.stringContaining('Ortiz'),
      });

      const gotOffer = nextEvent(psy.socket, 'call:signal');
      psy.socket.on('call:signal', () => undefined);
      pcp.socket.emit('call:signal', {
        callId,
        to: consult.psychiatristId,
        session: 'pcp-session-1',
        description: OFFER,
      });
      expect(await gotOffer).toEqual({
        callId,
        from: consult.pcpId,
        session: 'pcp-session-1',
        description: OFFER,
      });
      const gotCandidate = nextEvent(pcp.socket, 'call:signal');
      const ack = await request(psy.socket, 'call:signal', {
        callId,
        to: consult.pcpId,
        session: 'psy-session-1',
        candidate: CANDIDATE,
      });
      expect(ack).toEqual({ ok: true, data: null });
      expect(await gotCandidate).toMatchObject({
        from: consult.psychiatristId,
        candidate: CANDIDATE,
      });

      const muted = nextEvent<ParticipantPush>(
        psy.socket,
        'call:participant',
        5000,
        (e) => e.participant.audioMuted === true,
      );
      expect(
        (
          await request(pcp.socket, 'call:media-state', {
            callId,
            audioMuted: true,
            videoMuted: false,
          })
        ).ok,
      ).toBe(true);
      expect((await muted).participant.participantId).toBe(consult.pcpId);

      // media_connected once per participant stint, and the consult moves to in_call when the queue module is there.
      await request(pcp.socket, 'call:media-connected', {
        callId,
        peer: consult.psychiatristId,
      });
      await request(pcp.socket, 'call:media-connected', {
        callId,
        peer: consult.psychiatristId,
      });
      const ledger = await ledgerOf(server.services.db, callId);
      expect(
        ledger.filter((e) => e.type === 'media_connected').map((e) => e.role),
      ).toEqual(['pcp']);
      // The first media of the consult's call moves it to in_call (the queue module's transition).
      const { rows } = await server.services.db.query<{ status: string }>(
        'SELECT status FROM consults WHERE id = $1',
        [consult.consultId],
      );
      expect(rows[0]!.status).toBe('in_call');
    } finally {
      pcp.socket.close();
      psy.socket.close();
    }
  });

  it('relays each signal to the named peer only, never to a third person in the call', async () => {
    // Three in one call: a consult call admits only its two clinicians, so
    // this is a visit's call with an admitted patient.
    const v = await visitNow(server, DEMO_ADULT);
    const inv = await invite(server, v, {
      role: 'patient',
      displayName: 'Lena Novak',
    });
    const visitToken = await checkInAdult(server, inv.token);
    expect(
      (
        await api(
          server.url,
          'POST',
          `/api/visits/${v.visitId}/participants/${inv.participantId}/admit`,
          { token: v.psychiatrist.token, body: {} },
        )
      ).status,
    ).toBe(200);
    const pcp = (await clinician(server, 'pcp@demo.test')).socket;
    const psy = connectSocket(server.url, v.psychiatrist.token);
    const patient = connectSocket(server.url, visitToken);
    const sockets = [pcp, psy, patient];
    try {
      await Promise.all([connected(psy), connected(patient)]);
      const ids: string[] = [];
      let callId = '';
      for (const s of sockets) {
        const r = await join(s, { visitId: v.visitId });
        if (!r.ok) throw new Error(`call:join failed: ${r.error.code}`);
        ids.push(r.data.self.participantId);
        callId = r.data.call.callId;
      }
      const [pcpId, psyId, patientId] = ids as [string, string, string];
      expect(patientId).toBe(inv.participantId);
      const heard = sockets.map((s) => {
        const got: unknown[] = [];
        s.on('call:signal', (m) => {
          got.push(m);
        });
        return got;
      });

      // Each socket is the third party once. The server relays one sender's
      // messages in order and each socket receives its own in order, so a
      // stray copy would arrive before the message each step waits for.
      const send = async (
        from: Socket,
        to: string,
        receiver: Socket,
        body: object,
      ) => {
        const got = nextEvent(receiver, 'call:signal');
        from.emit('call:signal', {
          callId,
          to,
          session: 'three-party-1',
          ...body,
        });
        await got;
      };
      await send(pcp, psyId, psy, { description: OFFER });
      await send(pcp, patientId, patient, { candidate: CANDIDATE });
      await send(patient, psyId, psy, { candidate: CANDIDATE });
      await send(psy, pcpId, pcp, { candidate: CANDIDATE });

      const msg = (from: string, body: object) => ({
        callId,
        from,
        session: 'three-party-1',
        ...body,
      });
      expect(heard).toEqual([
        [msg(psyId, { candidate: CANDIDATE })],
        [
          msg(pcpId, { description: OFFER }),
          msg(patientId, { candidate: CANDIDATE }),
        ],
        [msg(pcpId, { candidate: CANDIDATE })],
      ]);
    } finally {
      for (const s of sockets) s.close();
    }
  });

  it('refuses non-participants with a code, and they hear nothing about the call', async () => {
    const pcp = await clinician(server, 'pcp@demo.test');
    const joined = await join(pcp.socket, { consultId: consult.consultId });
    const callId = joined.ok ? joined.data.call.callId : '';
    const outsiders = await Promise.all(
      [
        'pcp2@demo.test',
        'psych.perinatal@demo.test',
        'coordinator@demo.test',
      ].map((e) => clinician(server, e)),
    );
    try {
      const heard: string[] = [];
      for (const o of outsiders)
        o.socket.onAny(
          (event: string) => event.startsWith('call:') && heard.push(event),
        );
      for (const o of outsiders) {
        for (const target of [
          { consultId: consult.consultId },
          { callId },
        ] as Record<string, string>[]) {
          const r = await join(o.socket, target);
          expect(r).toMatchObject({
            ok: false,
            error: { code: 'not_a_participant' },
          });
        }
        // Signals from outside the room are refused too.
        expect(
          await request(o.socket, 'call:signal', {
            callId,
            to: consult.pcpId,
            session: 'outsider-1',
            candidate: CANDIDATE,
          }),
        ).toMatchObject({ ok: false, error: { code: 'not_in_call' } });
      }
      await request(pcp.socket, 'call:media-state', {
        callId,
        audioMuted: true,
        videoMuted: true,
      });
      await new Promise((r) => setTimeout(r, 200));
      expect(heard).toEqual([]);
      const { rows } = await server.services.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'call.join' AND outcome = 'denied'`,
      );
      expect(rows[0]!.n).toBeGreaterThanOrEqual(6);
    } finally {
      pcp.socket.close();
      for (const o of outsiders) o.socket.close();
    }
  });

  it('validates payloads and refuses consults that are not in a call stage', async () => {
    const pcp = await clinician(server, 'pcp@demo.test');
    try {
      expect(
        await request(pcp.socket, 'call:join', {
          consultId: consult.consultId,
        }),
      ).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
      expect(
        await request(pcp.socket, 'call:join', {
          consultId: consult.consultId,
          callId: consult.consultId,
          peerSession: newSession(),
        }),
      ).toMatchObject({
        ok: false,
        error: {
          code: 'validation_failed',
          message: expect.stringContaining('exactly one'),
        },
      });
      expect(
        await request(pcp.socket, 'call:signal', {
          callId: 'nope',
          to: 'x',
          session: 'abcdefgh',
          candidate: CANDIDATE,
        }),
      ).toMatchObject({
        ok: false,
        error: {
          code: 'validation_failed',
          message: expect.stringContaining('callId'),
        },
      });
      const done = await acceptedConsult(server.services.db, {
        status: 'completed',
      });
      expect(
        await join(pcp.socket, { consultId: done.consultId }),
      ).toMatchObject({
        ok: false,
        error: { code: 'consult_not_in_call_stage' },
      });
    } finally {
      pcp.socket.close();
    }
  });

  it('keeps the call through a drop: others see reconnecting, the participant resumes, the ledger shows the gap', async () => {
    const pcp = await clinician(server, 'pcp@demo.test');
    let psy = await clinician(server, 'psych.child@demo.test');
    const peerSession = newSession();
    try {
      const a = await join(pcp.socket, { consultId: consult.consultId });
      const callId = a.ok ? a.data.call.callId : '';
      await join(psy.socket, { callId }, peerSession);
      const reconnecting = nextEvent<ParticipantPush>(
        pcp.socket,
        'call:participant',
        5000,
        (e) => e.participant.state === 'reconnecting',
      );
      psy.socket.disconnect();
      expect((await reconnecting).participant.participantId).toBe(
        consult.psychiatristId,
      );

      const back = nextEvent<ParticipantPush>(
        pcp.socket,
        'call:participant',
        5000,
        (e) =>
          e.participant.state === 'present' &&
          e.participant.participantId === consult.psychiatristId,
      );
      psy = await clinician(server, 'psych.child@demo.test');
      const again = await join(psy.socket, { callId }, peerSession);
      expect(again.ok && again.data.resumed).toBe(true);
      await back;

      const ledger = await ledgerOf(server.services.db, callId);
      expect(ledger.map((e) => `${e.type}:${e.role}`)).toEqual([
        'participant_joined:pcp',
        'participant_joined:psychiatrist',
        'participant_dropped:psychiatrist',
        'participant_reconnected:psychiatrist',
      ]);
      const { rows } = await server.services.db.query<{ status: string }>(
        'SELECT status FROM calls WHERE id = $1',
        [callId],
      );
      expect(rows[0]!.status).toBe('open');
    } finally {
      pcp.socket.close();
      psy.socket.close();
    }
  });

  it('counts a participant gone after the grace window, and ends the call when the last one has been gone that long', async () => {
    const pcp = await clinician(server, 'pcp@demo.test');
    const psy = await clinician(server, 'psych.child@demo.test');
    const a = await join(pcp.socket, { consultId: consult.consultId });
    const callId = a.ok ? a.data.call.callId : '';
    await join(psy.socket, { callId });
    const left = nextEvent<ParticipantPush>(
      pcp.socket,
      'call:participant',
      5000,
      (e) => e.participant.state === 'left',
    );
    psy.socket.disconnect();
    expect((await left).participant.participantId).toBe(consult.psychiatristId);
    expect(await request(pcp.socket, 'call:leave', { callId })).toEqual({
      ok: true,
      data: null,
    });
    pcp.socket.close();
    await waitFor(
      async () =>
        (await ledgerOf(server.services.db, callId)).some(
          (e) => e.type === 'call_ended',
        ),
      5000,
    );
    const ledger = await ledgerOf(server.services.db, callId);
    expect(ledger.map((e) => e.type)).toEqual([
      'participant_joined',
      'participant_joined',
      'participant_dropped',
      'participant_left',
      'participant_left',
      'call_ended',
    ]);
    expect(ledger[3]!.details).toMatchObject({ reason: 'reconnect_timeout' });
    expect(ledger[5]!.details).toEqual({ reason: 'empty' });
    // The call ended a grace window after the last person left, not before.
    expect(
      ledger[5]!.at.getTime() - ledger[4]!.at.getTime(),
    ).toBeGreaterThanOrEqual(950);
  });

  it('ends for everyone when a clinician ends it; the ended call cannot be joined or ended again', async () => {
    const pcp = await clinician(server, 'pcp@demo.test');
    const psy = await clinician(server, 'psych.child@demo.test');
    try {
      const a = await join(pcp.socket, { consultId: consult.consultId });
      const callId = a.ok ? a.data.call.callId : '';
      await join(psy.socket, { callId });
      await request(pcp.socket, 'call:media-connected', {
        callId,
        peer: consult.psychiatristId,
      });
      const ended = nextEvent(pcp.socket, 'call:ended');
      expect(await request(psy.socket, 'call:end', { callId })).toEqual({
        ok: true,
        data: null,
      });
      expect(await ended).toEqual({
        callId,
        reason: 'ended_by_clinician',
        endedBy: consult.psychiatristId,
      });
      // The consult moves on to wrap-up (report writing) when a clinician ends its call.
      const status = await server.services.db.query<{ status: string }>(
        'SELECT status FROM consults WHERE id = $1',
        [consult.consultId],
      );
      expect(status.rows[0]!.status).toBe('wrap_up');
      expect(await join(pcp.socket, { callId })).toMatchObject({
        ok: false,
        error: { code: 'call_ended' },
      });
      const rest = await api(server.url, 'POST', `/api/calls/${callId}/end`, {
        token: (await login(server.url, 'pcp@demo.test')).token,
      });
      expect(rest.status).toBe(409);
      const ledger = await ledgerOf(server.services.db, callId);
      expect(ledger.slice(-3).map((e) => `${e.type}:${e.role}`)).toEqual([
        'participant_left:pcp',
        'participant_left:psychiatrist',
        'call_ended:psychiatrist',
      ]);
      expect(ledger.filter((e) => e.type === 'media_connected')).toHaveLength(
        1,
      );
      // Append-only: the database refuses to rewrite the ledger.
      await expect(
        server.services.db.query(
          'UPDATE call_events SET at = now() WHERE call_id = $1',
          [callId],
        ),
      ).rejects.toThrow(/append-only/);
    } finally {
      pcp.socket.close();
      psy.socket.close();
    }
  });
});

describe('call REST and handshake refusals', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({
      env: {
        TURN_URLS: 'turn:127.0.0.1:3478?transport=udp',
        TURN_SECRET: 'a-turn-secret-for-tests',
        TURN_TTL_SECONDS: '600',
      },
    });
  });
  afterAll(() => server.close());

  it('opens a consult call, serves time-limited TURN credentials to its clinicians only, and shows the ledger', async () => {
    const consult = await acceptedConsult(server.services.db);
    const pcp = await login(server.url, 'pcp@demo.test');
    const opened = await api(server.url, 'POST', '/api/calls', {
      token: pcp.token,
      body: { consultId: consult.consultId },
    });
    expect(opened.status).toBe(200);
    const { callId } = opened.body;
    expect(
      (
        await api(server.url, 'POST', '/api/calls', {
          token: pcp.token,
          body: { consultId: consult.consultId },
        })
      ).body.callId,
    ).toBe(callId);

    const ice = await api<{ provider: string; iceServers: IceServer[] }>(
      server.url,
      'GET',
      `/api/calls/${callId}/ice-servers`,
      { token: pcp.token },
    );
    expect(ice.status).toBe(200);
    expect(ice.body.provider).toBe('coturn');
    const turn = ice.body.iceServers.find((s) => s.username);
    const [expiry, user] = turn!.username!.split(':');
    expect(user).toBe(consult.pcpId);
    expect(Number(expiry) * 1000).toBeGreaterThan(Date.now() + 590_000);

    const other = await login(server.url, 'pcp2@demo.test');
    expect(
      (
        await api(server.url, 'GET', `/api/calls/${callId}/ice-servers`, {
          token: other.token,
        })
      ).body.error.code,
    ).toBe('not_a_participant');
    expect(
      (
        await api(server.url, 'POST', '/api/calls', {
          token: other.token,
          body: { consultId: consult.consultId },
        })
      ).status,
    ).toBe(403);

    const coordinator = await login(server.url, 'coordinator@demo.test');
    const details = await api(server.url, 'GET', `/api/calls/${callId}`, {
      token: coordinator.token,
    });
    expect(details.status).toBe(200);
    expect(details.body.call).toMatchObject({
      callId,
      status: 'open',
      consultId: consult.consultId,
    });
  });

  it('refuses an expired access token and a foreign origin at the handshake', async () => {
    const pcp = await login(server.url, 'pcp@demo.test');
    const auth = server.services.auth.tokenSettings;
    const expired = signAccessToken(
      auth,
      {
        userId: pcp.user.id,
        sessionId: JSON.parse(
          Buffer.from(pcp.token.split('.')[1]!, 'base64url').toString(),
        ).sid,
        role: 'pcp',
      },
      Math.floor(Date.now() / 1000) - 3600,
    );
    expect(
      (await refused(connectSocket(server.url, expired.token))).data?.code,
    ).toBe('token_expired');
    const evil = connectSocket(server.url, pcp.token, {
      origin: 'https://evil.example',
    });
    await refused(evil);
    evil.close();
  });
});

describe('a call across two instances sharing Redis', () => {
  it('relays signals and participant events between sockets on different instances', async () => {
    const databaseUrl = await freshPostgresUrl();
    const a = await startTestServer({ databaseUrl, redis: true });
    const b = await startTestServer({
      databaseUrl,
      redis: true,
      env: { SEED_DEMO: 'false' },
    });
    try {
      const consult = await acceptedConsult(a.services.db);
      const pcp = await clinician(a, 'pcp@demo.test');
      const psy = await clinician(b, 'psych.child@demo.test');
      const first = await join(pcp.socket, { consultId: consult.consultId });
      const callId = first.ok ? first.data.call.callId : '';
      // Give the streams adapter a moment to see B's subscription.
      await new Promise((r) => setTimeout(r, 300));
      const seen = nextEvent<ParticipantPush>(
        pcp.socket,
        'call:participant',
        5000,
        (e) => e.participant.participantId === consult.psychiatristId,
      );
      await join(psy.socket, { callId });
      await seen;
      const offer = nextEvent(psy.socket, 'call:signal');
      pcp.socket.emit('call:signal', {
        callId,
        to: consult.psychiatristId,
        session: 'pcp-on-a-1',
        description: OFFER,
      });
      expect(await offer).toMatchObject({
        from: consult.pcpId,
        description: OFFER,
      });
      const answer = nextEvent(pcp.socket, 'call:signal');
      psy.socket.emit('call:signal', {
        callId,
        to: consult.pcpId,
        session: 'psy-on-b-1',
        description: { type: 'answer', sdp: OFFER.sdp },
      });
      expect(await answer).toMatchObject({ from: consult.psychiatristId });
      const ended = nextEvent(psy.socket, 'call:ended');
      await request(pcp.socket, 'call:end', { callId });
      await ended;
      pcp.socket.close();
      psy.socket.close();
    } finally {
      await a.close();
      await b.close();
    }
  });
});

async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
