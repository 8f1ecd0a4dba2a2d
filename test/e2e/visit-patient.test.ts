import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningServer } from '../../server/main';
import { launchBrowser, openCallPage } from '../support/browser';
import { fillBirthDate } from '../support/client-pages';
import { api, startTestServer } from '../support/test-server';
import { TEST_TWILIO, TwilioStandIn } from '../support/twilio-stand-in';
import { DEMO_ADULT, invite, visitNow } from '../support/visit-fixtures';

/**
 * The patient page (client/visit.html, built into client/dist) in headless
 * Chromium with a fake camera and microphone, on a phone-sized screen, against
 * a real server; the psychiatrist is on the real call engine in another context.
 */
jest.setTimeout(120_000);

const PHONE = { width: 360, height: 740 };

function movableClock() {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance: (ms: number) => (offsetMs += ms),
  };
}

/** Every socket.io frame the page received: what a visitor could ever have learnt. */
function recordFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (ws) =>
    ws.on('framereceived', (f) =>
      frames.push(
        typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8'),
      ),
    ),
  );
  return frames;
}

async function patientPage(browser: Browser): Promise<{
  context: BrowserContext;
  page: Page;
  frames: string[];
  errors: string[];
}> {
  const context = await browser.newContext({
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
    permissions: ['camera', 'microphone'],
    locale: 'en-US',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, frames: recordFrames(page), errors };
}

/** Join, device check, identity, consent: as a person taps through it. Ends in the waiting room. */
async function checkIn(
  page: Page,
  url: string,
  who: { givenName: string; familyName: string; birthDate: string },
) {
  await page.goto(url);
  const join = page.getByRole('button', { name: 'Join my visit' });
  await join.waitFor();
  // Opening the page spends nothing, and wipes the token from the address bar.
  expect(page.url()).not.toContain('#t=');
  await join.click();
  await page
    .getByRole('heading', { name: 'Check your camera and sound' })
    .waitFor();
  await page.locator('[data-check="camera"][data-status="ok"]').waitFor();
  await page.locator('[data-check="microphone"][data-status="ok"]').waitFor();
  await page
    .locator('[data-check="network"]:not([data-status="checking"])')
    .waitFor();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: 'Confirm who you are' }).waitFor();
  await page.getByLabel('First name').fill(who.givenName);
  await page.getByLabel('Last name').fill(who.familyName);
  await fillBirthDate(page, who.birthDate);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: 'Please read and agree' }).waitFor();
  await page.getByLabel('I have read this and I agree').check();
  await page
    .getByLabel('Your full name (as a signature)')
    .fill(`${who.givenName} ${who.familyName}`);
  await page.getByRole('button', { name: 'Agree and continue' }).click();
  await page
    .getByRole('heading', { name: 'You are in the waiting room' })
    .waitFor();
}

/** A video element in the page is playing real frames (its clock moves and it has a size). */
async function videoPlaying(page: Page, selector: string): Promise<void> {
  await page.waitForFunction(
    (sel) => {
      const v = document.querySelector(sel) as HTMLVideoElement | null;
      if (!v?.srcObject || v.videoWidth === 0) return false;
      const w = window as unknown as { __t?: Record<string, number> };
      w.__t ??= {};
      const was = w.__t[sel] ?? -1;
      w.__t[sel] = v.currentTime;
      return was >= 0 && v.currentTime > was;
    },
    selector,
    { polling: 500, timeout: 45_000 },
  );
}

describe('patient virtual visit in Chromium', () => {
  let browser: Browser;
  let server: RunningServer;
  const clock = movableClock();
  beforeAll(async () => {
    if (!existsSync(path.resolve(__dirname, '../../client/dist/visit.html')))
      throw new Error(
        'client/dist/visit.html is missing: run `npm run build:client` first (npm test does).',
      );
    browser = await launchBrowser();
    server = await startTestServer({
      clock,
      env: { CALL_RECONNECT_GRACE_SECONDS: '20' },
    });
  });
  afterAll(async () => {
    await server?.close();
    await browser?.close();
  });

  it('a patient opens the invite, checks devices, consents, waits, is admitted, and both sides have media; the link then fails; a waiting person learns nothing', async () => {
    const v = await visitNow(server, DEMO_ADULT);
    const patientInvite = await invite(server, v, {
      role: 'patient',
      displayName: 'Lena Novak',
    });
    const otherInvite = await invite(server, v, {
      role: 'patient',
      displayName: 'Lena Novak (second phone)',
    });

    const patient = await patientPage(browser);
    const psyContext = await browser.newContext({
      permissions: ['camera', 'microphone'],
    });
    const psyPage = await psyContext.newPage();
    const lurker = await patientPage(browser);
    try {
      await checkIn(patient.page, patientInvite.url, DEMO_ADULT);
      const lobby = await api(server.url, 'GET', `/api/visits/${v.visitId}`, {
        token: v.psychiatrist.token,
      });
      expect(
        lobby.body.participants.find(
          (p: any) => p.participantId === patientInvite.participantId,
        ),
      ).toMatchObject({
        state: 'waiting',
        blockers: [],
        identityConfirmed: true,
        consents: ['telehealth'],
      });
      // Asked while waiting: is the patient at home (the visit line's place of service)?
      await patient.page.getByRole('button', { name: 'At home' }).click();
      await patient.page
        .getByRole('status')
        .filter({ hasText: 'Your clinician will confirm it.' })
        .waitFor();
      const where = await server.services.db.query<{ location: string }>(
        `SELECT reported_location AS location FROM visit_participants WHERE id = $1`,
        [patientInvite.participantId],
      );
      expect(where.rows).toEqual([{ location: 'home' }]);

      // A second person checks in and is never admitted.
      await checkIn(lurker.page, otherInvite.url, DEMO_ADULT);

      // The psychiatrist joins the visit's call on the real call engine, then admits the patient.
      await openCallPage(psyPage, server.url);
      const joined = await psyPage.evaluate(
        (a) =>
          window.callTest.join(a as Parameters<Window['callTest']['join']>[0]),
        { token: v.psychiatrist.token, target: { visitId: v.visitId } },
      );
      expect(joined).toMatchObject({ ok: true });
      const admit = await api(
        server.url,
        'POST',
        `/api/visits/${v.visitId}/participants/${patientInvite.participantId}/admit`,
        { token: v.psychiatrist.token, body: {} },
      );
      expect(admit.status).toBe(200);

      await patient.page
        .getByRole('heading', { name: 'In your visit' })
        .waitFor();
      await videoPlaying(patient.page, '.tiles video');
      await videoPlaying(psyPage, `#v-${patientInvite.participantId}`);
      expect(
        await patient.page.locator('.tiles figcaption').allTextContents(),
      ).toEqual([expect.stringContaining('Ortiz')]);
      const psyStats = await psyPage.evaluate(() => window.callTest.stats());
      expect(
        psyStats.find((s) => s.participantId === patientInvite.participantId)
          ?.inbound.audio.bytesReceived,
      ).toBeGreaterThan(0);

      // The lurker is still waiting: no media, no call events, nobody's name.
      expect(await lurker.page.locator('video').count()).toBe(0);
      await expect(
        lurker.page
          .getByRole('heading', { name: 'You are in the waiting room' })
          .isVisible(),
      ).resolves.toBe(true);
      const heard = lurker.frames.join('\n');
      expect(heard).toContain('visit:state');
      expect(heard).not.toMatch(
        /call:|visit:lobby|Ortiz|Novak|Lena|displayName/,
      );
      expect(patient.errors).toEqual([]);
    } finally {
      await psyContext.close();
      await lurker.context.close();
    }

    // The same link, opened on another phone while the first one is still
    // in the visit, is refused with a sentence (issue 19: the link stays its
    // person's, one device at a time; family-links.test.ts re-enters).
    const again = await patientPage(browser);
    try {
      await again.page.goto(patientInvite.url);
      await again.page.getByRole('button', { name: 'Join my visit' }).click();
      await again.page
        .getByRole('heading', { name: 'This visit is open on another device' })
        .waitFor();
      await expect(
        again.page
          .getByText('Use the phone or computer where it is open.')
          .isVisible(),
      ).resolves.toBe(true);
    } finally {
      await again.context.close();
      await patient.context.close();
    }
  });

  it('an expired link shows a clear page, in Spanish for a Spanish-speaking browser', async () => {
    const v = await visitNow(server, DEMO_ADULT);
    const inv = await invite(server, v, {
      role: 'patient',
      displayName: 'Lena Novak',
      inviteTtlMinutes: 5,
    });
    clock.advance(6 * 60_000);
    const context = await browser.newContext({
      viewport: PHONE,
      isMobile: true,
      locale: 'es-US',
      permissions: ['camera', 'microphone'],
    });
    try {
      const page = await context.newPage();
      await page.goto(inv.url);
      await page.getByRole('button', { name: 'Unirme a mi consulta' }).click();
      await page.getByRole('heading', { name: 'Este enlace venció' }).waitFor();
      expect(await page.locator('[data-code="invite_expired"]').count()).toBe(
        1,
      );
      // Every touch target on the page is at least 44px tall, and nothing scrolls sideways on a narrow phone.
      const sizes = await page
        .locator('button')
        .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(44);
      expect(
        await page.evaluate(
          () => document.documentElement.scrollWidth <= window.innerWidth,
        ),
      ).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('where phone dial-in is set up, the waiting room shows the number and visit code, with one tap to call that types the code', async () => {
    const twilioApi = await new TwilioStandIn().start();
    const phoneServer = await startTestServer({ env: twilioApi.env() });
    const { context, page } = await patientPage(browser);
    try {
      const v = await visitNow(phoneServer, DEMO_ADULT);
      const inv = await invite(phoneServer, v, {
        role: 'patient',
        displayName: 'Lena Novak',
      });
      // Links name PUBLIC_URL (the address families see); this server listens on loopback.
      await checkIn(
        page,
        inv.url.replace(TEST_TWILIO.publicUrl, phoneServer.url),
        DEMO_ADULT,
      );
      const box = page.getByRole('complementary', {
        name: 'Video not working?',
      });
      await box.waitFor();
      const code = `${v.phoneCode.slice(0, 4)} ${v.phoneCode.slice(4)}`;
      expect(await box.textContent()).toContain(
        `Call (555) 555-0100 and enter visit code ${code}.`,
      );
      expect(
        await box.getByRole('link', { name: 'Call now' }).getAttribute('href'),
      ).toBe(`tel:+15555550100,,${v.phoneCode}`);
      // A tap target a thumb can hit.
      expect(
        (await box.getByRole('link').boundingBox())!.height,
      ).toBeGreaterThanOrEqual(44);
    } finally {
      await context.close();
      await phoneServer.close();
      await twilioApi.stop();
    }
  });
});
