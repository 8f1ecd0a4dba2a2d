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
import { eventually } from '../support/eventually';
import { api, login } from '../support/test-server';

/**
 * Issue 20 in the browser: a PCP files a written question (eConsult) with a
 * small PDF (and a ".pdf" that is not one, refused with the server's
 * sentence); a psychiatrist claims it from the pool and asks a question; the
 * PCP answers live; the psychiatrist signs the written reply; the PCP reads
 * it and is offered the conversions; the PCP logs 16 minutes of
 * preparation; the biller's screen shows 99451 and 99452 next to it, each
 * with its reasons. Needs `npm run build:client` first.
 */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
// An executable's first bytes under a PDF's name.
const FAKE_PDF = Buffer.from('MZ\x90\x00\x03\x00\x00\x00fake');

async function axeClean(page: Page, what: string): Promise<void> {
  const v = await seriousA11yViolations(page);
  expect({ what, violations: v }).toEqual({ what, violations: [] });
}

describe('written eConsult in the browser', () => {
  const suite = serverAndBrowser();

  it("file with a PDF, claim, ask, answer, sign the reply, read it; 99451 and the PCP's 99452 on the biller screen", async () => {
    const pcpCtx = await newContext(suite.browser, suite.server.url, DESKTOP);
    const pcp = await pcpCtx.newPage();
    const pcpErrors = collectPageErrors(pcp);
    await signIn(pcp, 'pcp@demo.test');
    const form = pcp.getByRole('form', { name: 'Request a consult' });
    await form
      .getByRole('combobox', { name: /^Patient/ })
      .selectOption({ label: 'Lena Novak (born 1994-01-23)' });
    await form
      .getByRole('radio', {
        name: 'Written question (eConsult, answer within the day)',
      })
      .check();
    // A written question never calls back: no callback fields.
    expect(
      await form.getByRole('textbox', { name: /^Callback phone/ }).count(),
    ).toBe(0);
    await form.getByRole('checkbox', { name: 'Medication' }).check();
    await form
      .getByRole('textbox', { name: /^Clinical question/ })
      .fill('Sertraline failed at 8 weeks (100 mg): what next?');
    await form.getByLabel(/^Attach files/).setInputFiles([
      { name: 'labs.pdf', mimeType: 'application/pdf', buffer: PDF },
      { name: 'notes.pdf', mimeType: 'application/pdf', buffer: FAKE_PDF },
    ]);
    await form.getByText('labs.pdf').waitFor();
    await screenshot(pcp, 'econsult-pcp-form');
    await axeClean(pcp, 'request form');
    await form.getByRole('button', { name: 'Send written question' }).click();
    await pcp.waitForURL(/\/consults\/[0-9a-f-]{36}$/);
    const consultId = pcp.url().split('/').at(-1)!;
    const files = pcp.getByRole('region', { name: /^Attachments/ });
    await files.getByRole('button', { name: 'Download labs.pdf' }).waitFor();
    // The refused file is named with the server's own sentence (415).
    const refused = files.getByRole('alert').filter({ hasText: 'notes.pdf' });
    await refused.waitFor();
    const sentence = (await refused.textContent()) ?? '';
    expect(sentence).toMatch(/^notes\.pdf was not attached: .+/);
    expect(sentence).not.toContain('unsupported_file_type');
    await pcp
      .getByText(
        'Your written question is waiting for a psychiatrist to take it.',
      )
      .waitFor();
    await screenshot(pcp, 'econsult-pcp-filed');

    // The psychiatrist finds it in the pool and claims it.
    const psyCtx = await newContext(suite.browser, suite.server.url, DESKTOP);
    const psy = await psyCtx.newPage();
    const psyErrors = collectPageErrors(psy);
    await signIn(psy, 'psych.child@demo.test');
    await psy.getByRole('link', { name: 'Written questions' }).click();
    const row = psy.getByRole('row', { name: /Sertraline failed/ });
    await row.waitFor();
    await screenshot(psy, 'econsult-pool');
    await axeClean(psy, 'pool');
    await row.getByRole('button', { name: /^Claim/ }).click();
    await psy.waitForURL(`**/consults/${consultId}`);
    const psyFiles = psy.getByRole('region', { name: /^Attachments/ });
    await psyFiles.getByRole('button', { name: 'Download labs.pdf' }).waitFor();
    // A download, never rendered in the app.
    const [download] = await Promise.all([
      psy.waitForEvent('download'),
      psyFiles.getByRole('button', { name: 'Download labs.pdf' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('labs.pdf');
    await psy
      .getByLabel('Ask the requesting clinician')
      .fill('Any side effects at 100 mg, and was adherence good?');
    await psy.getByRole('button', { name: 'Send question' }).click();
    await psy.getByText('Waiting on the PCP').first().waitFor();

    // The PCP sees the question live and answers.
    await pcp.getByText('Any side effects at 100 mg').waitFor();
    await pcp.getByText('The psychiatrist is waiting on your answer').waitFor();
    await pcp
      .getByLabel('Your answer or a note to the psychiatrist')
      .fill('Mild nausea only; adherent by pharmacy refills.');
    await pcp.getByRole('button', { name: 'Send answer' }).click();
    await pcp.getByText('You', { exact: true }).last().waitFor();
    await screenshot(pcp, 'econsult-pcp-thread');
    // Consent for the consult's billing, as for any consult.
    await pcp.getByRole('radio', { name: 'Patient' }).check();
    await pcp.getByLabel('Name of the person who consented').fill('Lena Novak');
    await pcp.getByLabel('I told them about possible cost sharing').check();
    await pcp.getByRole('button', { name: 'Record verbal consent' }).click();
    await pcp.getByText(/Verbal consent recorded/).waitFor();
    // The PCP's own preparation: 16 minutes reach 99452.
    const pcpTime = pcp.getByRole('form', { name: 'Log time' });
    await pcpTime.getByLabel('Activity').selectOption('referral_prep');
    await pcpTime.getByLabel('Minutes').fill('16');
    await pcpTime.getByRole('button', { name: 'Log time' }).click();
    await pcp.getByText(/Logged 16 min of referral prep/i).waitFor();

    // The PCP leaves for their consult list while the reply is written.
    await pcp
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Consults' })
      .click();
    await pcp.waitForURL((u) => u.pathname === '/');

    // The answer reaches the psychiatrist live; they log time and sign.
    await psy.getByText('Mild nausea only').waitFor();
    await screenshot(psy, 'econsult-psychiatrist-thread');
    const time = psy.getByRole('form', { name: 'Log time' });
    await time.getByLabel('Activity').selectOption('report_writing');
    await time.getByLabel('Minutes').fill('6');
    await time.getByRole('button', { name: 'Log time' }).click();
    await psy.getByText('Logged 6 min of report writing.').waitFor();
    await psy
      .getByRole('textbox', { name: 'Assessment' })
      .fill('Partial response with tolerable nausea.');
    await psy
      .getByRole('textbox', { name: /^Recommendations/ })
      .fill('Switch to fluoxetine 20 mg; recheck PHQ-9 in 4 weeks.');
    await psy
      .getByRole('combobox', { name: /^Disposition/ })
      .selectOption('advice_to_pcp');
    await psy.getByRole('button', { name: 'Sign and send to PCP' }).click();
    await psy
      .getByText('Signed and sent to the requesting clinician.')
      .waitFor();
    await screenshot(psy, 'econsult-psychiatrist-signed');
    await axeClean(psy, 'psychiatrist consult page');

    // The PCP, on another screen, is told of the reply live by the badge;
    // it leads to the reply, and opening the reply reads it.
    const badge = pcp.getByTestId('econsult-unread');
    await badge.filter({ hasText: '1 unread eConsult message' }).waitFor();
    await screenshot(pcp, 'econsult-pcp-reply-badge');
    await badge.click();
    await pcp.waitForURL(`**/consults/${consultId}`);
    // The PCP reads the reply, delivered live, and may go on in one click.
    await pcp.getByText('Switch to fluoxetine 20 mg').waitFor();
    await pcp
      .getByRole('button', { name: 'Convert to a live consult' })
      .waitFor();
    await pcp
      .getByRole('button', { name: 'Convert to a direct evaluation' })
      .waitFor();
    // Everything addressed to the PCP was read on this page: no badge left.
    await pcp.getByTestId('econsult-unread').waitFor({ state: 'detached' });
    await screenshot(pcp, 'econsult-pcp-reply');
    await axeClean(pcp, 'PCP consult page');

    // The biller's screen: 99451 and 99452, each with the engine's reasons.
    const biller = await login(suite.server.url, 'biller@demo.test');
    const lineOf = (code: string) =>
      eventually(
        async () => {
          const r = await api(
            suite.server.url,
            'GET',
            `/api/consults/${consultId}/billing`,
            { token: biller.token },
          );
          return r.body.lines?.find((l: { code: string }) => l.code === code);
        },
        20_000,
        `the ${code} line`,
      );
    const line = await lineOf('99451');
    const pcpLine = await lineOf('99452');
    const billCtx = await newContext(suite.browser, suite.server.url, DESKTOP);
    const bill = await billCtx.newPage();
    const billErrors = collectPageErrors(bill);
    await signIn(bill, 'biller@demo.test');
    const billRow = bill.locator('[data-code="99451"]').first();
    await billRow.waitFor();
    const rowText = (await billRow.textContent()) ?? '';
    const reasons = line.reasons.map((r: { message: string }) => r.message);
    expect(reasons.length).toBeGreaterThan(0);
    for (const r of reasons) expect(rowText).toContain(r);
    const pcpRow = bill.locator('[data-code="99452"]').first();
    await pcpRow.waitFor();
    const pcpRowText = (await pcpRow.textContent()) ?? '';
    const pcpReasons = pcpLine.reasons.map(
      (r: { message: string }) => r.message,
    );
    expect(pcpReasons.length).toBeGreaterThan(0);
    for (const r of pcpReasons) expect(pcpRowText).toContain(r);
    await screenshot(bill, 'econsult-biller');
    await axeClean(bill, 'biller');

    expect(pcpErrors).toEqual([]);
    expect(psyErrors).toEqual([]);
    expect(billErrors).toEqual([]);
    await pcpCtx.close();
    await psyCtx.close();
    await billCtx.close();
  }, 180_000);
});
