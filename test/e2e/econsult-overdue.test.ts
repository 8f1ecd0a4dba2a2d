import type { Clock } from '../../server/clock';
import {
  collectPageErrors,
  newContext,
  screenshot,
  seriousA11yViolations,
  signIn,
} from '../support/client-pages';
import { demoPatientId, fileEconsult } from '../support/econsult-fixtures';
import { serverAndBrowser } from '../support/e2e-suite';
import { login } from '../support/test-server';

const M = 60_000;
const H = 60 * M;

/**
 * The coordinator's "Overdue eConsults" screen in Chromium (needs
 * `npm run build:client`): an eConsult past its 24 h reply target is listed
 * with its practice, PCP and what it waits on; one that passes its target
 * while the screen is open appears without a reload (`econsult:overdue`).
 * The server's clock is moved, never the browser's.
 */
describe('overdue eConsults screen', () => {
  let offset = 0;
  const clock: Clock = { now: () => new Date(Date.now() + offset) };
  const suite = serverAndBrowser({ clock });

  it('lists the overdue eConsults and adds one live', async () => {
    const { server, browser } = suite;
    const { url } = server;
    const patientId = await demoPatientId(server.services.db);
    const first = await fileEconsult(
      url,
      (await login(url, 'pcp@demo.test')).token,
      patientId,
    );
    // A minute apart: the second passes its target two minutes after the
    // first, a move short enough for the coordinator's 15-minute token.
    offset += M;
    const second = await fileEconsult(
      url,
      (await login(url, 'pcp@demo.test')).token,
      patientId,
    );
    offset += 24 * H - M / 2;
    await server.services.econsultSweeper.sweep();

    const ctx = await newContext(browser, url);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await signIn(page, 'coordinator@demo.test');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Overdue eConsults' })
      .click();
    await page
      .getByRole('heading', { name: /^Overdue eConsults \(\d+\)$/ })
      .waitFor();
    const row = (id: string) => page.locator(`tr[data-consult-id="${id}"]`);
    await row(first).waitFor();
    const text = await row(first).innerText();
    expect(text).toContain('Riverbend Pediatrics');
    expect(text).toContain('A psychiatrist to claim it');
    expect(text).toContain('Not claimed');
    expect(text).toContain('24 h ago');
    expect(await row(second).count()).toBe(0);

    // The second passes its target while the screen is open.
    offset += 2 * M;
    await server.services.econsultSweeper.sweep();
    await row(second).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'econsult-overdue-coordinator');
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
