import type { Browser } from 'playwright-core';
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
 * The everyday actions of each role, through the real screens against a real
 * server: plain-sentence validation, crisis guidance, ring and decline, the
 * coordinator's wait colours, program settings and the audit trail they leave.
 * Needs `npm run build:client` first.
 */
const offset = { ms: 0 };
const clock = { now: () => new Date(Date.now() + offset.ms) };

async function requestConsult(
  baseUrl: string,
  token: string,
  patientId: string,
  extra: Record<string, unknown> = {},
) {
  const r = await api(baseUrl, 'POST', '/api/consults', {
    token,
    body: {
      patientId,
      consultType: 'clinician_consult',
      reasonCategories: ['medication'],
      clinicalQuestion: 'Dose question',
      specialty: 'adult',
      language: 'en',
      callback: { method: 'video' },
      ...extra,
    },
  });
  expect(r.status).toBe(201);
  return r.body.consult.id as string;
}

describe('web client: role workflows', () => {
  let server: RunningServer;
  let browser: Browser;
  let pcpToken: string;
  let adultPatientId: string;
  beforeAll(async () => {
    server = await startTestServer({ clock });
    browser = await launchChromium();
    pcpToken = (await login(server.url, 'pcp@demo.test')).token;
    const patients = await api(server.url, 'GET', '/api/patients', {
      token: pcpToken,
    });
    adultPatientId = patients.body.patients.find(
      (p: { givenName: string }) => p.givenName === 'Lena',
    ).id;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('PCP: an incomplete request is explained field by field in sentences; an emergency shows 911/988 at once', async () => {
    const ctx = await newContext(browser, server.url, PHONE);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await signIn(page, 'pcp@demo.test');
    await page.getByRole('button', { name: 'Request consult' }).click();
    await page.getByText('Choose the patient, or add a new one.').waitFor();
    await page.getByText('Choose at least one reason.').waitFor();
    await page.getByText('Write the question you want help with.').waitFor();
    // Focus lands on the first field to fix.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe(
      'SELECT',
    );
    const text = await page.locator('main').textContent();
    expect(text).not.toMatch(/validation_failed|[a-z]+_[a-z]+:/);

    await page.getByRole('checkbox', { name: /This is an emergency/ }).check();
    const crisis = page.getByRole('alert').filter({ hasText: '911' });
    await crisis.waitFor();
    expect(await crisis.textContent()).toContain('988');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'pcp-form-errors-phone');

    // A server-side refusal (a phone number that is not E.164) also reads as a sentence next to the field.
    await page
      .getByRole('checkbox', { name: /This is an emergency/ })
      .uncheck();
    await page
      .getByRole('combobox', { name: /^Patient/ })
      .selectOption({ label: 'Lena Novak (born 1994-01-23)' });
    await page.getByRole('checkbox', { name: 'Medication' }).check();
    await page
      .getByRole('textbox', { name: /^Clinical question/ })
      .fill('Dose question');
    await page.getByRole('radio', { name: 'Phone call' }).check();
    await page
      .getByRole('textbox', { name: /^Callback phone number/ })
      .fill('555-0100');
    await page.getByRole('button', { name: 'Request consult' }).click();
    await page
      .getByText(/must be an E\.164 phone number/)
      .first()
      .waitFor();
    expect(
      await page
        .getByRole('textbox', { name: /^Callback phone number/ })
        .getAttribute('aria-invalid'),
    ).toBe('true');
    expect(errors).toEqual([]);
    await ctx.close();
  }, 60_000);

  it('psychiatrist: an offer rings with a countdown and keyboard focus on Accept; Decline sends it on', async () => {
    const ctx = await newContext(browser, server.url, DESKTOP);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await signIn(page, 'psych.perinatal@demo.test');
    await page.getByRole('button', { name: 'Go on duty' }).click();
    await page
      .getByText('You are on duty and will be offered consults.')
      .waitFor();
    const consultId = await requestConsult(
      server.url,
      pcpToken,
      adultPatientId,
    );
    const ring = page.getByRole('alertdialog', { name: /consult request/ });
    await ring.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Accept',
    );
    const now = new Date();
    const age =
      now.getUTCFullYear() -
      1994 -
      (now.getUTCMonth() === 0 && now.getUTCDate() < 23 ? 1 : 0);
    expect(await ring.textContent()).toContain(`Age ${age}, MA`);
    await ring.getByRole('button', { name: 'Decline' }).click();
    await ring.waitFor({ state: 'hidden' });
    const c = await api(server.url, 'GET', `/api/consults/${consultId}`, {
      token: pcpToken,
    });
    expect(c.body.consult.assignedPsychiatristId).toBeNull();
    await page.getByRole('button', { name: 'Go off duty' }).click();
    await page.getByText('You are off duty.').waitFor();
    await api(server.url, 'POST', `/api/consults/${consultId}/cancel`, {
      token: pcpToken,
    });
    expect(errors).toEqual([]);
    await ctx.close();
  }, 60_000);

  it('coordinator: the board shows each wait against the target, and colours a request past it', async () => {
    const consultId = await requestConsult(
      server.url,
      pcpToken,
      adultPatientId,
    );
    const ctx = await newContext(browser, server.url, DESKTOP);
    const page = await ctx.newPage();
    await signIn(page, 'coordinator@demo.test');
    const row = page.locator('tr[data-wait-level]').first();
    await row.waitFor();
    expect(await row.getAttribute('data-wait-level')).toBe('on_track');
    // 31 minutes of server time later the same request is past the 30-minute target.
    offset.ms += 31 * 60_000;
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.locator('tr[data-wait-level="breached"]').first().waitFor();
    expect(
      await page
        .locator('tr[data-wait-level="breached"]')
        .first()
        .textContent(),
    ).toContain('Past target');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'coordinator-breached-desktop');
    offset.ms = 0;
    await api(server.url, 'POST', `/api/consults/${consultId}/cancel`, {
      token: pcpToken,
    });
    await ctx.close();
  }, 60_000);

  it('coordinator: a burst of requests reloads the board a few times, not once per change, and it ends showing every one', async () => {
    const ctx = await newContext(browser, server.url, DESKTOP);
    const page = await ctx.newPage();
    await signIn(page, 'coordinator@demo.test');
    await page.getByRole('heading', { name: 'Live queue' }).waitFor();
    await page.waitForLoadState('networkidle');
    let boardLoads = 0;
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/queue') boardLoads++;
    });
    const burst = 12;
    const ids = await Promise.all(
      Array.from({ length: burst }, () =>
        requestConsult(server.url, pcpToken, adultPatientId),
      ),
    );
    // Every request of the burst ends on the board ...
    await page.waitForFunction(
      (n) => document.querySelectorAll('tr[data-wait-level]').length >= n,
      burst,
      { timeout: 15_000 },
    );
    // ... after far fewer reloads than the burst's changes (each request is at least one change).
    expect(boardLoads).toBeGreaterThanOrEqual(1);
    expect(boardLoads).toBeLessThan(burst);
    for (const id of ids)
      await api(server.url, 'POST', `/api/consults/${id}/cancel`, {
        token: pcpToken,
      });
    await ctx.close();
  }, 60_000);

  it('admin: program settings save and the change is in the audit log', async () => {
    const ctx = await newContext(browser, server.url, DESKTOP);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await signIn(page, 'admin@demo.test');
    const target = page.getByLabel('Target time to call back (minutes)');
    await target.fill('20');
    await page.getByRole('checkbox', { name: /Coordinator triage/ }).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    const admin = await login(server.url, 'admin@demo.test');
    const settings = await api(server.url, 'GET', '/api/program/settings', {
      token: admin.token,
    });
    expect(settings.body).toMatchObject({
      targetMinutes: 20,
      triageEnabled: true,
    });

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel('Action').fill('program.settings_update');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { name: /Results \(1\)/ }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'admin-audit-desktop');
    await api(server.url, 'PUT', '/api/program/settings', {
      token: admin.token,
      body: { targetMinutes: 30, triageEnabled: false },
    });
    expect(errors).toEqual([]);
    await ctx.close();
  }, 60_000);
});
