import {
  AddTrackRequest,
  SignalRequest,
  SignalResponse,
  TrackSource,
  TrackType,
} from '@livekit/protocol';
import { AccessToken } from 'livekit-server-sdk';
import type { Browser, Page } from 'playwright-core';
import WebSocket from 'ws';
import type { RunningServer } from '../../server/main';
import { permissionsFor } from '../../server/media/media-backend';
import { issueLivekitToken } from '../../server/media/livekit/livekit-token';
import { livekitRoomName } from '../../server/media/livekit/livekit-room-name';
import { launchBrowser } from '../support/browser';
import { consultCallPair, joinAs, untilGrowing } from '../support/call-pages';
import { eventually } from '../support/eventually';
import { ledgerOf } from '../support/consult-fixtures';
import { LivekitSfuStandIn } from '../support/livekit-sfu-stand-in/livekit-sfu-stand-in';
import { LivekitStandIn } from '../support/livekit-stand-in';
import { api, startTestServer } from '../support/test-server';
import { invite, visitNow } from '../support/visit-fixtures';

/**
 * A consult call on MEDIA_BACKEND=livekit with everything real but the LiveKit
 * server: our server issues the tokens, the real CallEngine runs the real
 * livekit-client in headless Chromium, and a local stand-in speaks LiveKit's
 * signal protocol and relays the media through a Chromium page
 * (test/support/livekit-sfu-stand-in/). The Twirp RoomService is the existing
 * stand-in (test/support/livekit-stand-in.ts); both share one key and secret.
 */
jest.setTimeout(180_000);

let sfu: LivekitSfuStandIn;
type SfuStats = Awaited<ReturnType<Window['callTest']['sfuStats']>>;

const sfuStats = (page: Page): Promise<SfuStats> =>
  page.evaluate(() => window.callTest.sfuStats());

/**
 * Waits until, from each expected participant, audio arrives (inbound bytes and
 * samples grow between two samples) and, if expected, video is decoded and
 * rendered in the engine's <video> (frames grow). Returns the last sample.
 */
async function mediaFrom(
  page: Page,
  expected: { id: string; video: boolean }[],
  timeoutMs = 90_000,
): Promise<SfuStats> {
  const grew = (a: SfuStats, b: SfuStats) =>
    expected.every(({ id, video }) => {
      const x = a.find((s) => s.participantId === id);
      const y = b.find((s) => s.participantId === id);
      if (!x || !y || y.audioTracks !== 1) return false;
      const audio =
        y.inbound.audio.bytesReceived > x.inbound.audio.bytesReceived &&
        y.inbound.audio.samplesReceived > x.inbound.audio.samplesReceived;
      if (!video) return audio;
      return (
        audio &&
        y.videoTracks === 1 &&
        y.inbound.video.framesDecoded > x.inbound.video.framesDecoded &&
        y.renderedFrames > x.renderedFrames
      );
    });
  return untilGrowing(() => sfuStats(page), grew, {
    gapMs: 700,
    timeoutMs,
    explain: async (last) =>
      `media did not arrive from ${JSON.stringify(expected)}: ${JSON.stringify(last)}\nstand-in: ${JSON.stringify(sfu.records.filter((r) => r.kind !== 'join'))}\nplane: ${JSON.stringify(await sfu.mediaStats())}`,
  });
}

/** Exchange, name, the interpreter's confidentiality consent and the waiting room, as the visit page does. */
async function checkInInterpreter(
  server: RunningServer,
  inviteToken: string,
): Promise<string> {
  const ex = await api(server.url, 'POST', '/api/visit/exchange', {
    body: { token: inviteToken },
  });
  if (ex.status !== 200) throw new Error(`exchange failed: ${ex.status}`);
  const visitToken: string = ex.body.visitToken;
  const id = await api(server.url, 'POST', '/api/visit/identity', {
    token: visitToken,
    body: { role: 'interpreter', name: 'Ana Interpreter' },
  });
  if (id.status !== 200)
    throw new Error(`identity failed: ${id.status} ${JSON.stringify(id.body)}`);
  const texts = await api(
    server.url,
    'GET',
    '/api/visit/consent-texts?language=en',
    { token: visitToken },
  );
  const consent = await api(server.url, 'POST', '/api/visit/consent', {
    token: visitToken,
    body: {
      language: 'en',
      signerName: 'Ana Interpreter',
      consents: texts.body.texts.map((t: any) => ({
        kind: t.kind,
        version: t.version,
        sha256: t.sha256,
      })),
    },
  });
  if (consent.status !== 200)
    throw new Error(
      `consent failed: ${consent.status} ${JSON.stringify(consent.body)}`,
    );
  const w = await api(server.url, 'POST', '/api/visit/waiting-room', {
    token: visitToken,
    body: { audioOnly: false },
  });
  if (w.status !== 200)
    throw new Error(
      `waiting room failed: ${w.status} ${JSON.stringify(w.body)}`,
    );
  return visitToken;
}

/** A bare signal connection (no SDK), to see what the stand-in refuses. */
function rawSignal(
  url: string,
  token: string,
): Promise<{ ws: WebSocket; next: () => Promise<SignalResponse> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(
      `${url}/rtc?access_token=${encodeURIComponent(token)}&auto_subscribe=1`,
    );
    const inbox: SignalResponse[] = [];
    const waiters: ((r: SignalResponse) => void)[] = [];
    ws.on('message', (d: Buffer) => {
      const r = SignalResponse.fromBinary(new Uint8Array(d));
      const w = waiters.shift();
      if (w) w(r);
      else inbox.push(r);
    });
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`HTTP ${res.statusCode}`)),
    );
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        ws,
        next: () => {
          const r = inbox.shift();
          return r
            ? Promise.resolve(r)
            : new Promise((res) => waiters.push(res));
        },
      }),
    );
  });
}

describe('a consult call on LiveKit in Chromium (LiveKit stand-in with a browser media plane)', () => {
  let browser: Browser;
  let twirp: LivekitStandIn;
  let server: RunningServer;
  beforeAll(async () => {
    browser = await launchBrowser();
    twirp = await new LivekitStandIn().start();
    sfu = await new LivekitSfuStandIn(twirp.apiKey, twirp.apiSecret).start(
      browser,
    );
    server = await startTestServer({
      env: {
        MEDIA_BACKEND: 'livekit',
        LIVEKIT_URL: sfu.url,
        LIVEKIT_API_URL: twirp.url,
        LIVEKIT_API_KEY: twirp.apiKey,
        LIVEKIT_API_SECRET: twirp.apiSecret,
      },
    });
    sfu.webhookUrl = `${server.url}/api/media/livekit/webhook`;
  });
  afterAll(async () => {
    await server?.close();
    await sfu?.stop();
    await twirp?.stop();
    await browser?.close();
  });

  it('connects PCP and psychiatrist through LiveKit with audio and video both ways, and LiveKit moves the consult in call', async () => {
    // The PCP is on a weak link: their camera is capped at 60 kbit/s (below LiveKit's own limits for the fake camera).
    const { consult, a, b } = await consultCallPair(browser, server, {
      pcp: { maxVideoBitrateKbps: 60 },
    });
    try {
      expect(a.result).toMatchObject({ ok: true, participants: 0 });
      expect(b.result).toMatchObject({ ok: true, participants: 1 });
      const callId = (a.result as { callId: string }).callId;
      const room = livekitRoomName(callId);
      expect(await a.page.evaluate(() => window.callTest.media())).toEqual({
        backend: 'livekit',
        url: sfu.url,
      });

      const [sa, sb] = await Promise.all([
        mediaFrom(a.page, [{ id: consult.psychiatristId, video: true }]),
        mediaFrom(b.page, [{ id: consult.pcpId, video: true }]),
      ]);
      expect(sa.map((s) => s.role)).toEqual(['psychiatrist']);
      expect(sb.map((s) => s.role)).toEqual(['pcp']);

      // The cap reached LiveKit's camera sender: every simulcast layer at most 60 kbit/s; the uncapped side keeps LiveKit's own, higher limits.
      const limits = async (page: Page) =>
        (await page.evaluate(() => window.callTest.outboundVideo())).flatMap(
          (o) => o.maxBitrates,
        );
      const capped = await limits(a.page);
      expect(capped.length).toBeGreaterThan(0);
      for (const bps of capped) expect(bps).toBeLessThanOrEqual(60_000);
      expect(
        Math.max(...(await limits(b.page)).map((bps) => bps ?? Infinity)),
      ).toBeGreaterThan(60_000);

      // The stand-in admitted both with valid tokens for the same room, and each published a microphone and a camera.
      const joins = sfu.joins().filter((j) => j.room === room);
      expect(joins.map((j) => j.identity).sort()).toEqual(
        [consult.pcpId, consult.psychiatristId].sort(),
      );
      expect(sfu.refusals().filter((r) => r.status === 401)).toEqual([]);
      for (const id of [consult.pcpId, consult.psychiatristId]) {
        expect(
          sfu
            .addTracks(id)
            .map((t) => [t.source, t.accepted])
            .sort(),
        ).toEqual([
          [TrackSource.CAMERA, true],
          [TrackSource.MICROPHONE, true],
        ]);
      }

      // LiveKit's participant_joined webhooks (signed by the stand-in) are what our server counts as media.
      const status = async () =>
        (
          await server.services.db.query<{ status: string }>(
            'SELECT status FROM consults WHERE id = $1',
            [consult.consultId],
          )
        ).rows[0]!.status;
      await eventually(
        async () => (await status()) === 'in_call',
        30_000,
        'consult in call',
      );
      const mediaRoles = async () =>
        (await ledgerOf(server.services.db, callId))
          .filter((e) => e.type === 'media_connected')
          .map((e) => e.role)
          .sort();
      await eventually(
        async () => (await mediaRoles()).length === 2,
        30_000,
        'media_connected for both',
      );
      expect(await mediaRoles()).toEqual(['pcp', 'psychiatrist']);
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });

  it('lets an interpreter publish audio only: the stand-in sees just a microphone, the others hear them and get no video', async () => {
    const v = await visitNow(server);
    const inv = await invite(server, v, {
      role: 'interpreter',
      displayName: 'Interpreter',
    });
    const visitToken = await checkInInterpreter(server, inv.token);
    const admit = await api(
      server.url,
      'POST',
      `/api/visits/${v.visitId}/participants/${inv.participantId}/admit`,
      { token: v.psychiatrist.token, body: {} },
    );
    expect(admit.status).toBe(200);

    const psy = await joinAs(browser, server, v.psychiatrist.token, {
      visitId: v.visitId,
    });
    const interp = await joinAs(browser, server, visitToken, {
      visitId: v.visitId,
    });
    try {
      expect(psy.result).toMatchObject({ ok: true, participants: 0 });
      expect(interp.result).toMatchObject({ ok: true, participants: 1 });
      const psychiatristId = v.consult.psychiatristId;
      const [fromInterp, fromPsy] = await Promise.all([
        mediaFrom(psy.page, [{ id: inv.participantId, video: false }]),
        mediaFrom(interp.page, [{ id: psychiatristId, video: true }]),
      ]);

      // The grant (canPublishSources: microphone) held end to end: one AddTrackRequest, a microphone.
      expect(
        sfu.addTracks(inv.participantId).map((t) => [t.source, t.accepted]),
      ).toEqual([[TrackSource.MICROPHONE, true]]);
      expect(
        sfu.joins().find((j) => j.identity === inv.participantId)?.grant,
      ).toMatchObject({
        canPublish: true,
        canPublishSources: [TrackSource.MICROPHONE],
        canSubscribe: true,
        hidden: false,
      });
      // The psychiatrist hears the interpreter and gets no video from them; the interpreter sees and hears the psychiatrist.
      expect(fromInterp[0]).toMatchObject({
        role: 'interpreter',
        audioTracks: 1,
        videoTracks: 0,
      });
      expect(fromInterp[0]!.inbound.video.framesDecoded).toBe(0);
      expect(fromPsy[0]).toMatchObject({
        role: 'psychiatrist',
        audioTracks: 1,
        videoTracks: 1,
      });
    } finally {
      await psy.context.close();
      await interp.context.close();
    }
  });

  it('drops a participant who leaves: their engine leaves LiveKit, the other engine loses them and their stream', async () => {
    const { consult, a, b } = await consultCallPair(browser, server);
    try {
      const room = livekitRoomName((a.result as { callId: string }).callId);
      await Promise.all([
        mediaFrom(a.page, [{ id: consult.psychiatristId, video: true }]),
        mediaFrom(b.page, [{ id: consult.pcpId, video: true }]),
      ]);
      expect(sfu.present(room).sort()).toEqual(
        [consult.pcpId, consult.psychiatristId].sort(),
      );

      await b.page.evaluate(() => window.callTest.leave());
      expect(await b.page.evaluate(() => window.callTest.state())).toBe('left');
      // The leaver said goodbye to LiveKit (a LeaveRequest, not a dropped socket).
      await eventually(
        () =>
          sfu
            .leaves()
            .some(
              (l) => l.room === room && l.identity === consult.psychiatristId,
            ),
        30_000,
        'leave at the stand-in',
      );
      expect(
        sfu
          .leaves()
          .find((l) => l.room === room && l.identity === consult.psychiatristId)
          ?.how,
      ).toBe('leave_request');
      expect(sfu.present(room)).toEqual([consult.pcpId]);
      // The PCP's engine drops them, and LiveKit (ParticipantUpdate: disconnected) removed them from the PCP's room.
      await a.page.waitForFunction(
        (id) =>
          window.callTest
            .log()
            .some((e) => e.event === 'participant-left' && e.detail === id),
        consult.psychiatristId,
        { timeout: 30_000 },
      );
      await a.page.waitForFunction(
        (id) => !window.callTest.livekitParticipants().includes(id),
        consult.psychiatristId,
        { timeout: 30_000 },
      );
      expect(
        await a.page.evaluate(() => window.callTest.participants()),
      ).toEqual([]);
      expect(await sfuStats(a.page)).toEqual([]);
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });

  it('refuses what LiveKit refuses: a token signed with another secret, and a source the grant does not allow', async () => {
    const forged = new AccessToken(
      twirp.apiKey,
      'not-the-secret-not-the-secret-not-the',
      { identity: 'intruder' },
    );
    forged.addGrant({ room: 'call_x', roomJoin: true });
    await expect(rawSignal(sfu.url, await forged.toJwt())).rejects.toThrow(
      'HTTP 401',
    );
    expect(
      sfu
        .refusals()
        .some((r) => r.status === 401 && r.reason.startsWith('invalid token')),
    ).toBe(true);

    // An interpreter's token as our server issues it: a camera is dropped, a microphone is published.
    const callId = '00000000-0000-4000-8000-00000000abcd';
    const token = await issueLivekitToken(
      { apiKey: twirp.apiKey, apiSecret: twirp.apiSecret },
      {
        callId,
        participantId: 'interp-raw',
        role: 'interpreter',
        displayName: 'I',
        permissions: permissionsFor('interpreter', true),
      },
      60,
    );
    const { ws, next } = await rawSignal(sfu.url, token);
    try {
      const join = await next();
      expect(join.message.case).toBe('join');
      const send = (req: AddTrackRequest) =>
        ws.send(
          new SignalRequest({
            message: { case: 'addTrack', value: req },
          }).toBinary(),
        );
      send(
        new AddTrackRequest({
          cid: 'cam-1',
          type: TrackType.VIDEO,
          source: TrackSource.CAMERA,
          width: 640,
          height: 480,
        }),
      );
      send(
        new AddTrackRequest({
          cid: 'mic-1',
          type: TrackType.AUDIO,
          source: TrackSource.MICROPHONE,
        }),
      );
      const published = await next();
      expect(published.message.case).toBe('trackPublished');
      expect(published.message.value).toMatchObject({ cid: 'mic-1' });
      expect(
        sfu.addTracks('interp-raw').map((t) => [t.cid, t.accepted]),
      ).toEqual([
        ['cam-1', false],
        ['mic-1', true],
      ]);
    } finally {
      ws.close();
    }
  });
});
