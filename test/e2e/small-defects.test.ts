import type { Browser } from 'playwright-core';
import type { RunningServer } from '../../server/main';
import {
  collectPageErrors,
  DESKTOP,
  launchChromium,
  newContext,
  screenshot,
  signIn,
} from '../support/client-pages';
import { acceptedConsult } from '../support/consult-fixtures';
import { startTestServer } from '../support/test-server';

/**
 * Issue 19, small defects, each through the screen where it was seen: a
 * new 12-year-old is not "Adult"; an
 * empty export is not a success; the psychiatrist's home asks for no patient
 * list it would be refused. Needs `npm run build:client` first.
 */
describe('small defects seen on a real day', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('PCP: a new 12-year-old is offered child & adolescent', async () => {
    const ctx = await newContext(browser, server.url, DESKTOP);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await signIn(page, 'pcp@demo.test');
    await page
      .getByRole('combobox', { name: /^Patient/ })
      .selectOption({ label: '+ New patient' });
    const specialty = page.getByRole('combobox', { name: /^Specialty/ });
    expect(await specialty.inputValue()).toBe('adult');
    const twelve = new Date();
    twelve.setFullYear(twelve.getFullYear() - 12);
    await page
      .getByLabel(/^Date of birth/)
      .fill(twelve.toISOString().slice(0, 10));
    expect(await specialty.inputValue()).toBe('child_adolescent');
    await screenshot(page, 'defects-new-child-patient');
    expect(errors).toEqual([]);
    await ctx.close();
  }, 60_000);

  it('biller: an empty export is not shown as a success', async () => {
    const ctx = await newContext(browser, server.url, DESKTOP);
    const page = await ctx.newPage();
    await signIn(page, 'biller@demo.test');
    await page.getByLabel('Month').fill('2020-01');
    await page.getByRole('button', { name: /CSV/ }).first().click();
    await page.getByText(/nothing to export/).waitFor();
    expect(await page.locator('.notice-success').count()).toBe(0);
    await ctx.close();
  }, 60_000);

  it('psychiatrist: the home page makes no request the server refuses', async () => {
    await acceptedConsult(server.services.db);
    const ctx = await newContext(browser, server.url, DESKTOP);
    const page = await ctx.newPage();
    const refused: string[] = [];
    page.on('response', (r) => {
      if (r.status() === 403) refused.push(r.url());
    });
    await signIn(page, 'psych.child@demo.test');
    await page
      .getByText(/Rivera|Brooks|Novak/)
      .first()
      .waitFor();
    await page.waitForLoadState('networkidle');
    expect(refused).toEqual([]);
    await ctx.close();
  }, 60_000);
});
