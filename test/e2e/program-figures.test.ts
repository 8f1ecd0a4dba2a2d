import type { Browser } from 'playwright-core';
import type { RunningServer } from '../../server/main';
import { acceptedConsult } from '../support/consult-fixtures';
import {
  collectPageErrors,
  launchChromium,
  newContext,
  screenshot,
  signIn,
} from '../support/client-pages';
import { startTestServer } from '../support/test-server';

/**
 * A coordinator opens the program figures and drills from "within target"
 * to the consults behind it (one called back in 12 minutes, one in 55).
 */
describe('program figures in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let fast: string;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    const db = server.services.db;
    await db.query(`UPDATE practices SET enrolled_on = '2020-01-01'`);
    const a = await acceptedConsult(db, { status: 'completed' });
    const b = await acceptedConsult(db, { status: 'completed' });
    fast = a.consultId;
    await db.query(
      `UPDATE consults SET created_at = now() - interval '2 days', call_started_at = now() - interval '2 days' + interval '12 minutes',
         disposition = 'advice_to_pcp' WHERE id = $1`,
      [a.consultId],
    );
    await db.query(
      `UPDATE consults SET created_at = now() - interval '2 days', call_started_at = now() - interval '2 days' + interval '55 minutes',
         disposition = 'community_therapy' WHERE id = $1`,
      [b.consultId],
    );
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('drills from within target to the consult ids', async () => {
    const ctx = await newContext(browser, server.url);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await signIn(page, 'coordinator@demo.test');
    await page.getByRole('link', { name: 'Program figures' }).click();
    const within = page.getByRole('button', { name: /^Within target: 1 of 2/ });
    await within.waitFor();
    await screenshot(page, 'program-figures');
    await within.click();
    const records = page.getByRole('heading', {
      name: 'Records: Within target',
    });
    await records.waitFor();
    await page.getByRole('link', { name: fast }).waitFor();
    await screenshot(page, 'program-figures-drill');
    expect(errors).toEqual([]);
    await ctx.close();
  }, 120_000);
});
