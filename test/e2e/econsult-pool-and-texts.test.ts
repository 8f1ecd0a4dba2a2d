import { serverAndBrowser } from '../support/e2e-suite';
import {
  collectPageErrors,
  DESKTOP,
  newContext,
  screenshot,
  seriousA11yViolations,
  signIn,
} from '../support/client-pages';
import { fileEconsult } from '../support/econsult-fixtures';
import { login } from '../support/test-server';

/**
 * Issue 20: the psychiatrist chooses from the pool by the patient's age
 * band, state and language (no name), and a clinician opts in to texts for
 * eConsult messages with their number and the consent wording, and out
 * again. Needs `npm run build:client` first.
 */
describe('eConsult pool context and text alerts in Chromium', () => {
  const suite = serverAndBrowser();

  const smsColumns = async (email: string) =>
    (
      await suite.server.services.db.query<{
        phone: string | null;
        at: Date | null;
      }>(
        `SELECT notify_sms_phone AS phone, notify_sms_opted_in_at AS at
           FROM users WHERE email = $1`,
        [email],
      )
    ).rows[0]!;

  it('the pool shows age band, state and language; texts are opted in and out', async () => {
    const pcp = await login(suite.server.url, 'pcp@demo.test');
    const maya = (
      await suite.server.services.db.query<{ id: string; birth: string }>(
        `SELECT id, birth_date::text AS birth FROM patients
          WHERE given_name = 'Maya' AND family_name = 'Rivera' LIMIT 1`,
      )
    ).rows[0]!;
    await fileEconsult(suite.server.url, pcp.token, maya.id, {
      language: 'es',
    });

    const ctx = await newContext(suite.browser, suite.server.url, DESKTOP);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await signIn(page, 'psych.child@demo.test');
    await page.goto('/econsults');
    const table = page.getByRole('table', {
      name: 'Written questions, oldest first',
    });
    await table.waitFor();
    const row = await table.locator('tbody tr').first().innerText();
    expect(row).toContain('12-17 years · MA · Spanish');
    expect(row).not.toContain('Maya');
    expect(row).not.toContain(maya.birth);

    // Text alerts: the button waits for the consent box.
    const turnOn = page.getByRole('button', { name: 'Turn on text alerts' });
    await page.getByLabel('Mobile number').fill('(617) 555-0100');
    expect(await turnOn.isDisabled()).toBe(true);
    await page.getByLabel(/Text me at this number/).check();
    await screenshot(page, 'econsult-pool-and-texts');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await turnOn.click();
    await page.getByText(/Texts go to \(617\) 555-0100/).waitFor();
    const on = await smsColumns('psych.child@demo.test');
    expect(on.phone).toBe('+16175550100');
    expect(on.at).not.toBeNull();
    await screenshot(page, 'econsult-texts-on');

    await page.getByRole('button', { name: 'Stop text alerts' }).click();
    await turnOn.waitFor();
    expect(await smsColumns('psych.child@demo.test')).toEqual({
      phone: null,
      at: null,
    });
    expect(errors).toEqual([]);
    await ctx.close();
  }, 90_000);
});
