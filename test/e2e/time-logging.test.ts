import type { Page } from 'playwright-core';
import { serverAndBrowser } from '../support/e2e-suite';
import {
  collectPageErrors,
  DESKTOP,
  newContext,
  screenshot,
  seriousA11yViolations,
  signIn,
} from '../support/client-pages';
import { billingConsult, insertCall } from '../support/billing-fixtures';
import { api, login } from '../support/test-server';

/**
 * Issue 19, time that is not lost: both clinicians log work off the call;
 * report-writing minutes are suggested from time in the editor and reach the
 * billing line once confirmed; the psychiatrist's billing column shows the
 * lines and reasons the biller sees, refreshed without a click after
 * logging and after signing. Needs `npm run build:client` first.
 */
const MIN = 60_000;

/** The reasons under each code in the psychiatrist's billing column. */
async function cardReasons(page: Page, code: string): Promise<string[]> {
  return page
    .locator(`li.line-card[data-code="${code}"] ul.reasons li`)
    .allTextContents();
}

describe('time logging and the billing it makes', () => {
  const suite = serverAndBrowser();

  it('editor minutes are suggested, confirmed, and move the line from 99446 to 99451; the PCP logs referral prep', async () => {
    const db = suite.server.services.db;
    const now = Date.now();
    const c = await billingConsult(db, {
      requestedAt: new Date(now - 90 * MIN),
      status: 'wrap_up',
    });
    // A 6.6-minute call: 99446 on its own.
    await insertCall(db, c, new Date(now - 60 * MIN), 6.6);
    const biller = await login(suite.server.url, 'biller@demo.test');
    await api(suite.server.url, 'POST', '/api/billing/recompute', {
      token: biller.token,
      body: { period: new Date().toISOString().slice(0, 7) },
    });

    const ctx = await newContext(suite.browser, suite.server.url, DESKTOP);
    const psy = await ctx.newPage();
    const errors = collectPageErrors(psy);
    await signIn(psy, 'psych.child@demo.test');
    // Nine minutes of work in the report editor, as the editor records it.
    await psy.evaluate(
      ({ key, marks }) => sessionStorage.setItem(key, JSON.stringify(marks)),
      {
        key: `editor-time:report:${c.consultId}`,
        marks: Array.from(
          { length: 19 },
          (_, i) => now - 20 * MIN + i * 30_000,
        ),
      },
    );
    await psy.goto(`/consults/${c.consultId}`);
    const time = psy.getByTestId('time-your-time');
    await time.waitFor();
    expect(await time.textContent()).toBe(
      '6 whole minutes counted (discussion 6.6 min)',
    );
    await psy.locator('li.line-card[data-code="99446"]').waitFor();

    // The same reasons the biller reads.
    const billerView = await api(
      suite.server.url,
      'GET',
      `/api/consults/${c.consultId}/billing`,
      { token: biller.token },
    );
    const billerReasons = (code: string) =>
      billerView.body.lines
        .find((l: { code: string }) => l.code === code)
        .reasons.map((r: { message: string }) => r.message);
    expect(await cardReasons(psy, '99446')).toEqual(billerReasons('99446'));
    expect(
      await psy.locator('li.line-card[data-code="99446"]').textContent(),
    ).toContain('6 min');

    // The suggestion is only a suggestion until the clinician confirms it.
    const suggestion = psy.getByText(
      'Suggested: 10 min of report writing, from your time working in the report editor.',
    );
    await suggestion.waitFor();
    await screenshot(psy, 'time-suggestion');
    await psy.getByRole('button', { name: 'Confirm 10 min' }).click();
    await psy.getByText('Logged 10 min of report writing.').waitFor();
    // 16.6 minutes now, more than half of it writing: the line becomes 99451
    // (written report, 5+ min) without a click on Refresh.
    await psy.locator('li.line-card[data-code="99451"]').waitFor();
    await psy
      .getByTestId('time-your-time')
      .getByText(
        '16 whole minutes counted (discussion 6.6 min, report writing 10.0 min)',
      )
      .waitFor();
    // Nothing more to suggest once it is logged.
    expect(await suggestion.count()).toBe(0);

    // Signing refreshes the billing column by itself.
    const unsigned =
      'The written report is not signed yet; the consultant code needs it.';
    expect(await cardReasons(psy, '99451')).toContain(unsigned);
    await psy.getByRole('textbox', { name: 'Assessment' }).fill('Low mood.');
    await psy
      .getByRole('textbox', { name: /^Recommendations/ })
      .fill('Fluoxetine 10 mg.');
    await psy
      .getByRole('combobox', { name: /^Disposition/ })
      .selectOption({ index: 1 });
    await psy.getByRole('button', { name: 'Sign and send to PCP' }).click();
    await psy
      .getByText('Signed and sent to the requesting clinician.')
      .waitFor();
    await psy.waitForFunction(
      (u) =>
        ![...document.querySelectorAll('li.line-card ul.reasons li')].some(
          (li) => li.textContent === u,
        ),
      unsigned,
      { timeout: 10_000 },
    );
    expect(await seriousA11yViolations(psy)).toEqual([]);
    await screenshot(psy, 'time-after-signing');

    // The PCP logs referral preparation on the same consult: 99452 is reachable.
    const pcpCtx = await newContext(suite.browser, suite.server.url, DESKTOP);
    const pcp = await pcpCtx.newPage();
    const pcpErrors = collectPageErrors(pcp);
    await signIn(pcp, 'pcp@demo.test');
    await pcp.goto(`/consults/${c.consultId}`);
    const panel = pcp.getByRole('region', {
      name: 'Your time on this consult',
    });
    await panel.getByLabel('Activity').selectOption('referral_prep');
    await panel.getByLabel('Minutes').fill('18');
    await panel.getByRole('button', { name: 'Log time' }).click();
    await panel.getByText('Logged 18 min of referral preparation.').waitFor();
    await panel.getByText(/referral prep 18\.0 min/).waitFor();
    await screenshot(pcp, 'time-pcp-logged');
    const lines = await api(
      suite.server.url,
      'GET',
      `/api/consults/${c.consultId}/billing`,
      { token: biller.token },
    );
    expect(lines.body.lines.map((l: { code: string }) => l.code)).toContain(
      '99452',
    );
    expect(errors).toEqual([]);
    expect(pcpErrors).toEqual([]);
    await ctx.close();
    await pcpCtx.close();
  }, 120_000);
});
