import {
  DESKTOP,
  newContext,
  screenshot,
  signedInPage,
  signIn,
} from '../support/client-pages';
import { acceptedConsult } from '../support/consult-fixtures';
import { serverAndBrowser } from '../support/e2e-suite';

/**
 * Issue 19, small defects, each through the screen where it was seen: a
 * new 12-year-old is not "Adult"; an
 * empty export is not a success; the psychiatrist's home asks for no patient
 * list it would be refused. Needs `npm run build:client` first.
 */
describe('small defects seen on a real day', () => {
  const suite = serverAndBrowser();

  it('PCP: a new 12-year-old is offered child & adolescent', async () => {
    const { ctx, page, errors } = await signedInPage(
      suite.browser,
      suite.server.url,
      'pcp@demo.test',
    );
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
    const { ctx, page } = await signedInPage(
      suite.browser,
      suite.server.url,
      'biller@demo.test',
    );
    await page.getByLabel('Month').fill('2020-01');
    await page.getByRole('button', { name: /CSV/ }).first().click();
    await page.getByText(/nothing to export/).waitFor();
    expect(await page.locator('.notice-success').count()).toBe(0);
    await ctx.close();
  }, 60_000);

  it('psychiatrist: the home page makes no request the server refuses', async () => {
    await acceptedConsult(suite.server.services.db);
    const ctx = await newContext(suite.browser, suite.server.url, DESKTOP);
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
