import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../server/main';
import {
  collectPageErrors,
  DESKTOP,
  launchChromium,
  newContext,
  PHONE,
  screenshot,
  seriousA11yViolations,
  signIn,
} from '../support/client-pages';
import { api, login, startTestServer } from '../support/test-server';

/**
 * Screening through the real screens: a patient answers a PHQ-9 from a link
 * on a 390x844 phone (resuming after the tab closed) and sees only thank
 * you and the crisis lines; a teenager's PHQ-A with item 9 = 1, entered by
 * the PCP, raises the alert on the PCP's screen and the coordinator's
 * board, and acknowledging it clears both; an unacknowledged alert
 * escalates after the (shortened) program time. Needs `npm run build:client`.
 */
describe('screening in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let pcp: string;
  const patient: Record<string, string> = {};
  beforeAll(async () => {
    server = await startTestServer({ env: { SAFETY_ALERT_SWEEP_MS: '200' } });
    browser = await launchChromium();
    pcp = (await login(server.url, 'pcp@demo.test')).token;
    const { rows } = await server.services.db.query<{
      id: string;
      given_name: string;
    }>('SELECT id, given_name FROM patients');
    for (const r of rows) patient[r.given_name] = r.id;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const clinicianPage = async (email: string, path = '/') => {
    const ctx = await newContext(browser, server.url, DESKTOP);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await signIn(page, email);
    if (path !== '/') await page.goto(path);
    return { ctx, page, errors };
  };
  const banner = (page: Page) => page.getByTestId('safety-alerts');

  it('a patient answers a PHQ-9 from a link on a phone, resumes, and sees only thank you and crisis lines', async () => {
    const made = await api(
      server.url,
      'POST',
      `/api/patients/${patient.Lena}/screening-links`,
      {
        token: pcp,
        body: {
          instrument: 'phq9',
          respondent: 'patient',
          language: 'en',
          delivery: 'qr',
        },
      },
    );
    expect(made.status).toBe(201);
    const ctx = await newContext(browser, server.url, PHONE);
    let page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await page.goto(made.body.url);
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('heading', { name: 'Question 1 of 10' }).waitFor();
    // One question per screen, answers as large radio targets.
    const first = page.getByRole('radio', { name: 'Several days' });
    const box = await page.locator('.sr-option').first().boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(48);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'self-report-question-phone');
    await first.check();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('radio', { name: 'Not at all' }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Question 3 of 10' }).waitFor();

    // The tab closes; the same link on the same phone resumes at question 3.
    await page.close();
    page = await ctx.newPage();
    await page.goto(made.body.url);
    await page
      .getByRole('button', { name: 'Continue where I left off' })
      .click();
    await page.getByRole('heading', { name: 'Question 3 of 10' }).waitFor();
    for (let q = 3; q <= 9; q++) {
      await page
        .getByRole('radio', { name: q === 9 ? 'Several days' : 'Not at all' })
        .check();
      await page.getByRole('button', { name: 'Next' }).click();
    }
    await page.getByRole('heading', { name: 'Question 10 of 10' }).waitFor();
    await page.getByRole('button', { name: 'Send my answers' }).click();
    await page.getByRole('heading', { name: 'Thank you' }).waitFor();
    const crisis = page.getByRole('alert');
    await expect(crisis.getByRole('link', { name: /988/ }).first()).resolves;
    expect(await crisis.getByRole('link').count()).toBe(3);
    expect(await page.locator('a[href="tel:911"]').count()).toBe(1);
    // Nothing about the score is shown back.
    expect(await page.locator('main').innerText()).not.toMatch(/\b2\b|mild/i);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'self-report-crisis-phone');
    expect(errors).toEqual([]);
    const stored = await api(
      server.url,
      'GET',
      `/api/patients/${patient.Lena}/assessments`,
      { token: pcp },
    );
    expect(stored.body.assessments[0]).toMatchObject({
      instrument: 'phq9',
      total: 2,
      answers: [1, 0, 0, 0, 0, 0, 0, 0, 1, null],
    });
    await ctx.close();
    // Clear the alert this raised so the next test starts clean.
    const open = await api(server.url, 'GET', '/api/safety-alerts', {
      token: pcp,
    });
    for (const a of open.body.alerts)
      await api(
        server.url,
        'POST',
        `/api/safety-alerts/${a.id}/acknowledgement`,
        {
          token: pcp,
          body: { action: 'safety_plan' },
        },
      );
  }, 120_000);

  it("a teen's PHQ-A item 9 = 1 alerts the PCP's screen and the coordinator's board; acknowledging clears both", async () => {
    const coord = await clinicianPage('coordinator@demo.test');
    const doc = await clinicianPage(
      'pcp@demo.test',
      `/patients/${patient.Ethan}/screening`,
    );
    const form = doc.page.getByRole('form', { name: 'Enter a screening' });
    await form
      .getByLabel('Instrument')
      .selectOption({ label: 'PHQ-A (PHQ-9 modified for adolescents)' });
    const selects = form.locator('.item-grid select');
    expect(await selects.count()).toBe(13);
    for (let i = 0; i < 13; i++) {
      if (i === 10) continue; // the optional difficulty question
      await selects.nth(i).selectOption(i === 8 ? '1' : '0');
    }
    const saved = Date.now();
    await form.getByRole('button', { name: 'Save screening' }).click();
    await banner(doc.page).waitFor({ timeout: 2000 });
    await banner(coord.page).waitFor({ timeout: 2000 });
    const pushedIn = Date.now() - saved;
    expect(pushedIn).toBeLessThan(2000);
    expect(await banner(coord.page).innerText()).toContain('patient EB');
    expect(await banner(doc.page).innerText()).toContain('item 9');
    expect(await seriousA11yViolations(doc.page)).toEqual([]);
    await screenshot(doc.page, 'safety-alert-pcp');
    await screenshot(coord.page, 'safety-alert-coordinator-board');

    await banner(doc.page)
      .getByLabel('Action taken')
      .selectOption('same_day_visit');
    await banner(doc.page).getByRole('button', { name: 'Acknowledge' }).click();
    await banner(doc.page).waitFor({ state: 'detached', timeout: 3000 });
    await banner(coord.page).waitFor({ state: 'detached', timeout: 3000 });
    const history = await api(
      server.url,
      'GET',
      `/api/patients/${patient.Ethan}/safety-alerts`,
      { token: pcp },
    );
    expect(history.body.alerts[0].acknowledgement).toMatchObject({
      action: 'same_day_visit',
    });
    expect(doc.errors).toEqual([]);
    expect(coord.errors).toEqual([]);
    await doc.ctx.close();
    await coord.ctx.close();
  }, 120_000);

  it('an unacknowledged alert escalates after the shortened program time', async () => {
    const admin = await login(server.url, 'admin@demo.test');
    await api(server.url, 'PUT', '/api/screening/settings', {
      token: admin.token,
      body: { escalationMinutes: 0.1 },
    });
    const coord = await clinicianPage('coordinator@demo.test');
    const made = await api(
      server.url,
      'POST',
      `/api/patients/${patient.Ethan}/assessments`,
      {
        token: pcp,
        body: {
          instrument: 'phqa',
          items: [0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0],
          answeredBy: 'patient',
        },
      },
    );
    expect(made.status).toBe(201);
    await banner(coord.page).waitFor({ timeout: 2000 });
    expect(await banner(coord.page).innerText()).not.toContain('escalated');
    await coord.page
      .getByText('Safety alert (escalated)')
      .waitFor({ timeout: 15_000 });
    await screenshot(coord.page, 'safety-alert-escalated');
    await coord.ctx.close();
  }, 60_000);

  it("shows the care team the patient's screening history as a chart", async () => {
    const db = server.services.db;
    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM users WHERE email = 'pcp@demo.test'`,
    );
    // Earlier visits, entered as paper forms dated back.
    for (const [days, items] of [
      [70, [3, 3, 2, 2, 2, 1, 1, 1, 0, 0]],
      [42, [2, 2, 2, 1, 1, 1, 1, 0, 0, 0]],
      [14, [1, 1, 1, 1, 0, 0, 0, 0, 0, 0]],
    ] as const) {
      const r = await api(
        server.url,
        'POST',
        `/api/patients/${patient.Lena}/assessments`,
        {
          token: pcp,
          body: {
            instrument: 'phq9',
            items,
            answeredBy: 'patient',
            answeredAt: new Date(Date.now() - days * 86_400_000).toISOString(),
          },
        },
      );
      expect(r.status).toBe(201);
    }
    expect(rows.length).toBe(1);
    const doc = await clinicianPage(
      'pcp@demo.test',
      `/patients/${patient.Lena}/screening`,
    );
    const chart = doc.page.getByTestId('chart-phq9');
    await chart.waitFor();
    const phq9 = (
      await api(
        server.url,
        'GET',
        `/api/patients/${patient.Lena}/assessments`,
        {
          token: pcp,
        },
      )
    ).body.assessments.filter(
      (a: { instrument: string; supersededBy: string | null }) =>
        a.instrument === 'phq9' && !a.supersededBy,
    );
    expect(await chart.locator('circle').count()).toBe(phq9.length);
    // Oldest first: the three back-dated forms, then today's.
    expect(await chart.getAttribute('aria-label')).toMatch(/15.*10.*4/);
    expect(await seriousA11yViolations(doc.page)).toEqual([]);
    await screenshot(doc.page, 'screening-history-chart');
    expect(doc.errors).toEqual([]);
    await doc.ctx.close();
  }, 60_000);
});
