import type { Browser, Page } from 'playwright-core';
import { signAccessToken } from '../../server/auth/access-token';
import type { RunningServer } from '../../server/main';
import {
  launchBrowser,
  newParticipant,
  openCallPage,
} from '../support/browser';
import { consultCallPair, joinAs, untilGrowing } from '../support/call-pages';
import { acceptedConsult, ledgerOf } from '../support/consult-fixtures';
import { startCoturn, type Coturn } from '../support/coturn';
import { eventually } from '../support/eventually';
import {
  DEMO_ADULT,
  checkInAdult,
  invite,
  visitNow,
} from '../support/visit-fixtures';
import { api, login, startTestServer } from '../support/test-server';

/**
 * The real call engine in headless Chromium (fake camera and microphone)
 * against a real server: media must actually flow, measured with getStats.
 */
jest.setTimeout(180_000);

type Stats = Awaited<ReturnType<Window['callTest']['stats']>>;

const stats = (page: Page): Promise<Stats> =>
  page.evaluate(() => window.callTest.stats());

/**
 * Waits until, from every peer, inbound audio and video bytes grow between two samples
 * and video frames are being decoded. Bytes can arrive a while before the first decoded
 * frame (the decoder waits for a key frame), so bytes alone do not mean a picture.
 */
async function mediaFlowing(
  page: Page,
  peers: number,
  timeoutMs = 60_000,
): Promise<Stats> {
  const grew = (a: Stats, b: Stats) =>
    b.length === peers &&
    b.every((s) => {
      const before = a.find((x) => x.participantId === s.participantId);
      return (
        before &&
        s.inbound.audio.bytesReceived > before.inbound.audio.bytesReceived &&
        s.inbound.video.bytesReceived > before.inbound.video.bytesReceived &&
        s.inbound.video.framesDecoded > before.inbound.video.framesDecoded
      );
    });
  return untilGrowing(() => stats(page), grew, {
    gapMs: 500,
    timeoutMs,
    explain: (last) =>
      `media did not flow to all ${peers} peers: ${JSON.stringify(last)}`,
  });
}

describe('calls in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  describe('on the default network', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startTestServer({
        env: { CALL_RECONNECT_GRACE_SECONDS: '20' },
      });
    });
    afterAll(() => server.close());

    it('connects two clinicians in a consult call with audio and video both ways', async () => {
      const { consult, a, b } = await consultCallPair(browser, server);
      try {
        expect(a.result).toMatchObject({ ok: true, participants: 0 });
        expect(b.result).toMatchObject({ ok: true, participants: 1 });
        const [sa, sb] = await Promise.all([
          mediaFlowing(a.page, 1),
          mediaFlowing(b.page, 1),
        ]);
        expect(sa[0]!.inbound.video.framesDecoded).toBeGreaterThan(0);
        expect(sb[0]!.inbound.video.framesDecoded).toBeGreaterThan(0);
        const callId = (a.result as { callId: string }).callId;
        // Each browser reports its media up when its connection connects; the reports may trail the media a little.
        const mediaRoles = async () =>
          (await ledgerOf(server.services.db, callId))
            .filter((e) => e.type === 'media_connected')
            .map((e) => e.role)
            .sort();
        await eventually(
          async () => (await mediaRoles()).length === 2,
          15_000,
          'media_connected for both',
        );
        expect(await mediaRoles()).toEqual(['pcp', 'psychiatrist']);
      } finally {
        await a.context.close();
        await b.context.close();
      }
    });

    it('caps the video a participant on a weak link sends, and lowers the cap mid-call without renegotiating', async () => {
      const {
        consult,
        a: weak,
        b: other,
      } = await consultCallPair(browser, server, {
        // The manual cap alone: the network steps (low video at start) would cap too.
        pcp: { maxVideoBitrateKbps: 150, adaptToNetwork: false },
        psychiatrist: { adaptToNetwork: false },
      });
      try {
        await Promise.all([
          mediaFlowing(weak.page, 1),
          mediaFlowing(other.page, 1),
        ]);
        const outbound = (page: Page) =>
          page.evaluate(() => window.callTest.outboundVideo());
        expect((await outbound(weak.page)).map((o) => o.maxBitrates)).toEqual([
          [150_000],
        ]);
        expect((await outbound(other.page)).map((o) => o.maxBitrates)).toEqual([
          [null],
        ]);
        /** The video bitrate the page sends over 4 s, in kbit/s. */
        const sendingKbps = async (page: Page) => {
          const [a] = await outbound(page);
          await page.waitForTimeout(4000);
          const [b] = await outbound(page);
          return ((b!.bytesSent - a!.bytesSent) * 8) / 4000;
        };
        // The cap holds (with room for packetization and a keyframe), and video still flows.
        const capped = await sendingKbps(weak.page);
        expect(capped).toBeGreaterThan(0);
        expect(capped).toBeLessThan(150 * 1.5);

        // The link turns poor: a lower cap at once, on the same connection.
        await weak.page.evaluate(() => window.callTest.setMaxVideoBitrate(60));
        expect((await outbound(weak.page)).map((o) => o.maxBitrates)).toEqual([
          [60_000],
        ]);
        await weak.page.waitForTimeout(2000);
        expect(await sendingKbps(weak.page)).toBeLessThan(60 * 1.5);
        await mediaFlowing(other.page, 1);
      } finally {
        await weak.context.close();
        await other.context.close();
      }
    });

    it('connects when the other side offers while this one is still getting its camera', async () => {
      // A slow camera (a permission prompt, an old phone): the newcomer's offer lands between our join and its answer.
      const consult = await acceptedConsult(server.services.db);
      const pcp = await login(server.url, 'pcp@demo.test');
      const psy = await login(server.url, 'psych.child@demo.test');
      const slow = await newParticipant(browser);
      await slow.page.addInitScript(() => {
        const real = navigator.mediaDevices.getUserMedia.bind(
          navigator.mediaDevices,
        );
        navigator.mediaDevices.getUserMedia = (c) =>
          new Promise((r) => setTimeout(r, 4_000)).then(() => real(c));
      });
      await openCallPage(slow.page, server.url);
      const slowJoin = slow.page.evaluate(
        (a) =>
          window.callTest.join(a as Parameters<Window['callTest']['join']>[0]),
        { token: pcp.token, target: { consultId: consult.consultId } },
      );
      const present = async () =>
        (
          await server.services.db.query(
            "SELECT 1 FROM call_participants p JOIN calls c ON c.id = p.call_id WHERE c.consult_id = $1 AND p.state = 'present'",
            [consult.consultId],
          )
        ).rows.length;
      await eventually(
        async () => (await present()) === 1,
        15_000,
        'one present',
      );
      const b = await joinAs(browser, server, psy.token, {
        consultId: consult.consultId,
      });
      try {
        expect(b.result).toMatchObject({ ok: true, participants: 1 });
        expect(await slowJoin).toMatchObject({ ok: true, participants: 0 });
        const [sa, sb] = await Promise.all([
          mediaFlowing(slow.page, 1),
          mediaFlowing(b.page, 1),
        ]);
        expect(sa[0]!.connectionState).toBe('connected');
        expect(sb[0]!.connectionState).toBe('connected');
      } finally {
        await slow.context.close();
        await b.context.close();
      }
    });

    it('runs a three-way call: PCP, psychiatrist and an admitted patient', async () => {
      const v = await visitNow(server, DEMO_ADULT);
      const inv = await invite(server, v, {
        role: 'patient',
        displayName: 'Lena Novak',
      });
      const visitToken = await checkInAdult(server, inv.token);
      // Not admitted yet: the patient is refused with a code and learns nothing about the call.
      const early = await joinAs(browser, server, visitToken, {
        visitId: v.visitId,
      });
      expect(early.result).toEqual({ ok: false, code: 'not_admitted' });
      await early.context.close();
      const admit = await api(
        server.url,
        'POST',
        `/api/visits/${v.visitId}/participants/${inv.participantId}/admit`,
        { token: v.psychiatrist.token, body: {} },
      );
      expect(admit.status).toBe(200);

      const pcp = await login(server.url, 'pcp@demo.test');
      const people = [
        await joinAs(browser, server, v.psychiatrist.token, {
          visitId: v.visitId,
        }),
        await joinAs(browser, server, pcp.token, { visitId: v.visitId }),
        await joinAs(browser, server, visitToken, { visitId: v.visitId }),
      ];
      try {
        expect(people.map((p) => p.result)).toEqual([
          expect.objectContaining({ ok: true, participants: 0 }),
          expect.objectContaining({ ok: true, participants: 1 }),
          expect.objectContaining({ ok: true, participants: 2 }),
        ]);
        await Promise.all(people.map((p) => mediaFlowing(p.page, 2)));
        const roles = await people[0]!.page.evaluate(() =>
          window.callTest
            .participants()
            .map((p) => p.role)
            .sort(),
        );
        expect(roles).toEqual(['patient', 'pcp']);
      } finally {
        for (const p of people) await p.context.close();
      }
    });

    it('survives a dropped socket: media resumes, the call is not ended, the ledger shows one call with a gap', async () => {
      const { consult, a, b } = await consultCallPair(browser, server);
      const callId = (a.result as { callId: string }).callId;
      try {
        await Promise.all([mediaFlowing(a.page, 1), mediaFlowing(b.page, 1)]);
        await b.page.evaluate(() => window.callTest.dropSocket());
        // The PCP sees "reconnecting", then the psychiatrist back.
        await a.page.waitForFunction(() =>
          window.callTest
            .log()
            .some(
              (e) =>
                e.event === 'participant' &&
                (e.detail as { state: string }).state === 'reconnecting',
            ),
        );
        await b.page.waitForFunction(
          () =>
            window.callTest.state() === 'joined' &&
            window.callTest
              .log()
              .some((e) => e.event === 'state' && e.detail === 'reconnecting'),
        );
        await a.page.waitForFunction(
          () => window.callTest.participants()[0]?.state === 'present',
        );
        const [sa, sb] = await Promise.all([
          mediaFlowing(a.page, 1),
          mediaFlowing(b.page, 1),
        ]);
        expect(sa[0]!.connectionState).toBe('connected');
        expect(sb[0]!.connectionState).toBe('connected');

        const psyEvents = async () =>
          (await ledgerOf(server.services.db, callId))
            .filter((e) => e.role === 'psychiatrist')
            .map((e) => e.type);
        await eventually(
          async () => (await psyEvents()).length >= 5,
          15_000,
          'five call events',
        );
        expect(await psyEvents()).toEqual([
          'participant_joined',
          'media_connected',
          'participant_dropped',
          'participant_reconnected',
          'media_connected',
        ]);
        const ledger = await ledgerOf(server.services.db, callId);
        expect(ledger.some((e) => e.type === 'call_ended')).toBe(false);
        const { rows } = await server.services.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM calls WHERE consult_id = $1`,
          [consult.consultId],
        );
        expect(rows[0]!.n).toBe(1);
      } finally {
        await a.context.close();
        await b.context.close();
      }
    });

    it('refuses a non-participant, an expired token and a foreign origin', async () => {
      const consult = await acceptedConsult(server.services.db);
      const other = await login(server.url, 'psych.perinatal@demo.test');
      const outsider = await joinAs(browser, server, other.token, {
        consultId: consult.consultId,
      });
      expect(outsider.result).toEqual({ ok: false, code: 'not_a_participant' });
      await outsider.context.close();

      const pcp = await login(server.url, 'pcp@demo.test');
      const sid = JSON.parse(
        Buffer.from(pcp.token.split('.')[1]!, 'base64url').toString(),
      ).sid as string;
      const stale = signAccessToken(
        server.services.auth.tokenSettings,
        { userId: pcp.user.id, sessionId: sid, role: 'pcp' },
        Math.floor(Date.now() / 1000) - 3600,
      );
      const expired = await joinAs(browser, server, stale.token, {
        consultId: consult.consultId,
      });
      expect(expired.result).toEqual({ ok: false, code: 'token_expired' });
      await expired.context.close();

      // A page on another origin cannot open a socket to us, whatever token it holds.
      const { context, page } = await newParticipant(browser);
      await page.route('http://foreign.test/**', (r) =>
        r.fulfill({
          contentType: 'text/html',
          body: '<!doctype html><title>x</title>',
        }),
      );
      await page.goto('http://foreign.test/');
      const status = await page.evaluate(async (url) => {
        return new Promise<string>((resolve) => {
          const ws = new WebSocket(
            `${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`,
          );
          ws.onopen = () => resolve('open');
          ws.onerror = () => resolve('refused');
        });
      }, server.url);
      expect(status).toBe('refused');
      await context.close();
    });
  });

  describe('through TURN only (coturn on loopback with the REST secret)', () => {
    let coturn: Coturn;
    let server: RunningServer;
    beforeAll(async () => {
      coturn = await startCoturn();
      server = await startTestServer({
        env: { TURN_URLS: coturn.url, TURN_SECRET: coturn.secret },
      });
    });
    afterAll(async () => {
      await server?.close();
      await coturn?.stop();
    });

    it('relays audio and video through coturn with time-limited credentials', async () => {
      const { consult, a, b } = await consultCallPair(browser, server, {
        pcp: { iceTransportPolicy: 'relay' },
        psychiatrist: { iceTransportPolicy: 'relay' },
      });
      try {
        const [sa, sb] = await Promise.all([
          mediaFlowing(a.page, 1),
          mediaFlowing(b.page, 1),
        ]).catch((err) => {
          throw new Error(
            `${err.message}\ncoturn log:\n${coturn.log().slice(-3000)}`,
          );
        });
        expect(sa[0]!.localCandidateType).toBe('relay');
        expect(sb[0]!.localCandidateType).toBe('relay');
      } finally {
        await a.context.close();
        await b.context.close();
      }
    });
  });
});
