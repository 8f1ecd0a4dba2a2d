import type { Browser } from 'playwright-core';
import type { RunningServer } from '../../server/main';
import {
  collectPageErrors,
  DESKTOP,
  launchChromium,
  newContext,
  seriousA11yViolations,
  signIn,
} from '../support/client-pages';
import { api, startTestServer } from '../support/test-server';
import { endAndAttest, joinVisitCall } from '../support/visit-calls';
import {
  DEMO_ADULT,
  checkInAdult,
  invite,
  visitNow,
} from '../support/visit-fixtures';

/**
 * The biller's screen shows a virtual visit's telehealth line: a patient on
 * video and the psychiatrist on the call for 31 minutes of server time, the
 * visit ended and confirmed "at home", then the biller signs in through the
 * real form. Needs `npm run build:client` first.
 */
const clock = {
  offsetMs: 0,
  now() {
    return new Date(Date.now() + this.offsetMs);
  },
};

describe('biller screen: a telehealth visit line', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer({
      clock,
      env: {
        TURN_URLS: 'turn:127.0.0.1:3478',
        TURN_SECRET: 'test-turn-secret-0123456789',
      },
    });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('names the service, its modality, the place of service and the modifier', async () => {
    const v = await visitNow(server, DEMO_ADULT);
    const patient = await invite(server, v, {
      role: 'patient',
      displayName: 'Lena Novak',
    });
    const visitToken = await checkInAdult(server, patient.token, false);
    await api(
      server.url,
      'POST',
      `/api/visits/${v.visitId}/participants/${patient.participantId}/admit`,
      { token: v.psychiatrist.token, body: {} },
    );
    const sockets = [
      await joinVisitCall(server, v.psychiatrist.token, v.visitId, 'psy-e2e-1'),
      await joinVisitCall(server, visitToken, v.visitId, 'pat-e2e-1'),
    ];
    clock.offsetMs += 31 * 60_000 + 5_000;
    try {
      await endAndAttest(server, v, {
        patientLocation: 'home',
        service: 'evaluation_management',
      });
    } finally {
      for (const s of sockets) s.close();
    }

    const ctx = await newContext(browser, server.url, DESKTOP);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await signIn(page, 'biller@demo.test');
    const row = page.locator('tr[data-code="98001"]');
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Telehealth visit (audio-video)');
    expect(text).toContain('POS 10 (telehealth, at home)');
    expect(text).toContain('95');
    expect(await row.getAttribute('data-status')).toBe('ready');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await ctx.close();
  }, 90_000);
});
