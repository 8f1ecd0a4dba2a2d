import { screenshot, signedInPage } from '../support/client-pages';
import { serverAndBrowser } from '../support/e2e-suite';
import { api, login } from '../support/test-server';

/**
 * Issue 19: the admin's audit search by a patient's name failed with
 * "Invalid UUID" and the table showed ids. Needs `npm run build:client`.
 */
describe('audit search by name in Chromium', () => {
  const suite = serverAndBrowser();

  it('the admin types part of a name and reads names in the results', async () => {
    const pcp = await login(suite.server.url, 'pcp@demo.test');
    const maya = (
      await api(suite.server.url, 'GET', '/api/patients', { token: pcp.token })
    ).body.patients.find((p: any) => p.givenName === 'Maya');
    await api(suite.server.url, 'GET', `/api/patients/${maya.id}`, {
      token: pcp.token,
    });
    const { ctx, page, errors } = await signedInPage(
      suite.browser,
      suite.server.url,
      'admin@demo.test',
    );
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel('Patient', { exact: true }).fill('maya riv');
    await page.getByLabel('User', { exact: true }).fill('chen');
    await page.getByLabel('Action').fill('patient.read');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { name: /Results \([1-9]/ }).waitFor();
    const table = page.getByRole('table', { name: 'Audit entries' });
    const text = await table.innerText();
    expect(text).toContain('Maya Rivera');
    expect(text).toContain('Dr. Paula Chen (pediatrics) · pcp');
    expect(text).not.toContain(maya.id.slice(0, 8));
    expect(await page.getByText(/Invalid UUID/).count()).toBe(0);
    await screenshot(page, 'admin-audit-by-name');
    expect(errors).toEqual([]);
    await ctx.close();
  }, 60_000);
});
