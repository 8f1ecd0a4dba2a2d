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
import { eventually } from '../support/eventually';
import { api, login, startTestServer } from '../support/test-server';
import { joinVisitCall } from '../support/visit-calls';
import {
  DEMO_ADULT,
  checkInAdult,
  invite,
  visitNow,
} from '../support/visit-fixtures';

/**
 * A virtual visit's telehealth line, through the real web client: a patient
 * on video, the psychiatrist's call screen in the call and confirming "at
 * home" and an E/M for billing, 31 minutes of server time, the visit ended;
 * then the biller's screen shows the line. Needs `npm run build:client` first.
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

  it('the psychiatrist confirms in the call screen; the biller sees the service, its modality, place of service and modifier', async () => {
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
    const patientSocket = await joinVisitCall(
      server,
      visitToken,
      v.visitId,
      'pat-e2e-1',
    );
    // The psychiatrist's call screen joins the visit's call and confirms the billing facts.
    const psyCtx = await newContext(browser, server.url, DESKTOP);
    const psyPage = await psyCtx.newPage();
    const psyErrors = collectPageErrors(psyPage);
    try {
      await signIn(psyPage, 'psych.child@demo.test');
      await psyPage.goto(`/consults/${v.consult.consultId}/call`);
      const form = psyPage.getByRole('form', {
        name: 'Confirm the visit for billing',
      });
      await form.waitFor();
      await form.getByLabel('At home (POS 10)').check();
      await form.getByLabel('E/M by time').check();
      await form.getByRole('button', { name: 'Confirm for billing' }).click();
      await form.getByText('Confirmed;').waitFor();
      await eventually(
        async () =>
          (
            await server.services.db.query(
              `SELECT 1 FROM call_events e JOIN calls c ON c.id = e.call_id
                WHERE c.visit_id = $1 AND e.user_id = $2 AND e.type = 'participant_joined'`,
              [v.visitId, v.psychiatrist.user.id],
            )
          ).rows.length > 0,
        20_000,
        'the psychiatrist in the visit call',
      );
      expect(await seriousA11yViolations(psyPage)).toEqual([]);
      clock.offsetMs += 31 * 60_000 + 5_000;
      const psych = await login(server.url, 'psych.child@demo.test');
      const ended = await api(
        server.url,
        'POST',
        `/api/visits/${v.visitId}/end`,
        { token: psych.token, body: {} },
      );
      expect(ended.status).toBe(200);
    } finally {
      patientSocket.close();
      await psyCtx.close();
    }
    expect(psyErrors).toEqual([]);
    // Ending the visit ends its call, which recomputes the visit's line.
    await eventually(
      async () =>
        (
          await server.services.db.query(
            `SELECT 1 FROM billing_line_current WHERE line_key = $1 AND status = 'ready'`,
            [`visit:${v.visitId}`],
          )
        ).rows.length > 0,
      20_000,
      'the visit line',
    );

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
