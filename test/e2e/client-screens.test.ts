import { serverAndBrowser } from '../support/e2e-suite';
import { existsSync, statSync } from 'node:fs';
import {
  collectPageErrors,
  DESKTOP,
  newContext,
  PHONE,
  screenshot,
  seriousA11yViolations,
  signIn,
} from '../support/client-pages';

/**
 * Every role signs in through the real form and lands on its main screen, which
 * passes axe-core (no serious or critical violations) at desktop and phone sizes.
 * Needs `npm run build:client` first (the server serves client/dist).
 */
const ROLES = [
  { role: 'pcp', email: 'pcp@demo.test', heading: 'Psychiatry consults' },
  { role: 'psychiatrist', email: 'psych.child@demo.test', heading: 'Consults' },
  {
    role: 'coordinator',
    email: 'coordinator@demo.test',
    heading: 'Live queue',
  },
  { role: 'biller', email: 'biller@demo.test', heading: 'Billing' },
  { role: 'admin', email: 'admin@demo.test', heading: 'Program settings' },
] as const;

describe('web client: each role main screen', () => {
  const suite = serverAndBrowser();

  it('the sign-in page is accessible and refuses a wrong password with a sentence', async () => {
    const ctx = await newContext(suite.browser, suite.server.url, PHONE);
    const page = await ctx.newPage();
    await page.goto('/');
    await page.getByLabel('Email').fill('pcp@demo.test');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(
      'The email or password is not correct.',
    );
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'login-phone');
    await ctx.close();
  });

  for (const r of ROLES) {
    for (const [size, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      it(`${r.role}: signs in, sees the main screen with live status, no serious a11y violations (${size})`, async () => {
        const ctx = await newContext(suite.browser, suite.server.url, viewport);
        const page = await ctx.newPage();
        const errors = collectPageErrors(page);
        await signIn(page, r.email);
        await page
          .getByRole('heading', { level: 1, name: r.heading })
          .waitFor();
        await page
          .getByRole('status')
          .filter({ hasText: 'Live' })
          .first()
          .waitFor();
        // Let data-driven panels settle before checking and capturing.
        await page.waitForLoadState('networkidle');
        expect(await seriousA11yViolations(page)).toEqual([]);
        const file = await screenshot(page, `${r.role}-${size}`);
        expect(existsSync(file) && statSync(file).size).toBeGreaterThan(5_000);
        expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
        await ctx.close();
      }, 30_000);
    }
  }
});
