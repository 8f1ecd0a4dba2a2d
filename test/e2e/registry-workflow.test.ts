import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../server/main';
import {
  collectPageErrors,
  DESKTOP,
  launchChromium,
  newContext,
  screenshot,
  seriousA11yViolations,
  signIn,
} from '../support/client-pages';
import {
  type CareTeam,
  demoCareTeam,
  demoPatients,
  enroll,
} from '../support/registry-fixtures';
import { api, startTestServer } from '../support/test-server';

/**
 * Collaborative care through the real web client: a care manager logs a
 * contact from the patient's registry page and the biller's screen moves
 * the month from G2214 to 99493; a consultant's case-review recommendation
 * appears on the PCP's task list and is accepted there. Needs
 * `npm run build:client` first.
 */
describe('registry in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let team: CareTeam;
  let patientId: string;
  const DAY = 86_400_000;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    team = await demoCareTeam(server.url);
    patientId = (await demoPatients(server.url, team)).Lena!;
    const start = Date.now() - 70 * DAY;
    const startedOn = new Date(start).toISOString().slice(0, 10);
    expect((await enroll(server.url, team, patientId, startedOn)).status).toBe(
      201,
    );
    await api(server.url, 'POST', `/api/patients/${patientId}/coverages`, {
      token: team.coordinator.token,
      body: { payer: 'medicare', effectiveFrom: startedOn },
    });
    // Three PHQ-9 totals for the trend: enrollment, a month, two months.
    for (const [days, total] of [
      [0, 18],
      [30, 14],
      [60, 11],
    ] as const)
      await server.services.db.query(
        `INSERT INTO assessments (patient_id, instrument, instrument_version, answered_by, ordered_by,
           answered_at, recorded_at, age_years, answers, item_values, status, total, band_id)
         VALUES ($1, 'phq9', '1', 'patient', $2, $3, $3, 32, '[]', '[]', 'scored', $4, 'x')`,
        [
          patientId,
          team.careManager.user.id,
          new Date(start + days * DAY + 3600_000),
          total,
        ],
      );
    const first = await api(
      server.url,
      'POST',
      `/api/registry/patients/${patientId}/contacts`,
      {
        token: team.careManager.token,
        body: {
          mode: 'phone',
          outcome: 'reached',
          minutes: 20,
          startedAt: new Date(Date.now() - 60 * 60_000).toISOString(),
        },
      },
    );
    expect(first.status).toBe(201);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const pageAs = async (email: string) => {
    const ctx = await newContext(browser, server.url, DESKTOP);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await signIn(page, email);
    return { ctx, page, errors };
  };
  const cocmRow = (page: Page, code: string) =>
    page.locator(`tr[data-code="${code}"]`);

  it('a contact logged by the care manager moves the month from G2214 to 99493 on the biller screen', async () => {
    const biller = await pageAs('biller@demo.test');
    await cocmRow(biller.page, 'G2214').waitFor();
    await screenshot(biller.page, 'registry-1-biller-g2214');

    const cm = await pageAs('care.manager@demo.test');
    await cm.page.getByRole('link', { name: 'Lena Novak' }).waitFor();
    await screenshot(cm.page, 'registry-2-care-manager-caseload');
    expect(await seriousA11yViolations(cm.page)).toEqual([]);
    await cm.page.getByRole('link', { name: 'Lena Novak' }).click();
    await cm.page.getByText('20 of 31 min').waitFor();
    await cm.page.getByLabel('Contact minutes').fill('12');
    await cm.page.getByLabel('Contact by').selectOption('video');
    await cm.page.getByRole('button', { name: 'Log contact' }).click();
    await cm.page.getByText('32 of 31 min').waitFor();
    await screenshot(cm.page, 'registry-3-patient-page-after-contact');
    expect(await seriousA11yViolations(cm.page)).toEqual([]);

    await biller.page.reload();
    await cocmRow(biller.page, '99493').waitFor();
    expect(await cocmRow(biller.page, 'G2214').count()).toBe(0);
    await screenshot(biller.page, 'registry-4-biller-99493');
    expect(cm.errors).toEqual([]);
    expect(biller.errors).toEqual([]);
    await cm.ctx.close();
    await biller.ctx.close();
  }, 90_000);

  it("a consultant's review appears on the PCP's task list", async () => {
    const psy = await pageAs('psych.child@demo.test');
    await psy.page.getByRole('link', { name: 'Case review' }).click();
    await psy.page.getByRole('link', { name: 'Lena Novak' }).click();
    await psy.page.getByLabel('Recommendation').selectOption('dose_change');
    await psy.page
      .getByLabel('Note to the PCP')
      .fill('Raise sertraline to 100 mg; recheck PHQ-9 in 4 weeks.');
    await psy.page.getByRole('button', { name: 'Send recommendation' }).click();
    await psy.page.getByRole('cell', { name: 'Dose change' }).waitFor();
    await screenshot(psy.page, 'registry-5-consultant-review');

    const pcp = await pageAs('pcp@demo.test');
    await pcp.page.getByRole('link', { name: 'Tasks' }).click();
    const task = pcp.page.getByRole('row', { name: /Lena Novak/ });
    await task.getByText('Dose change').waitFor();
    await screenshot(pcp.page, 'registry-6-pcp-tasks');
    expect(await seriousA11yViolations(pcp.page)).toEqual([]);
    await task.getByRole('button', { name: 'Accept' }).click();
    await task.getByText('Accepted').waitFor();

    await psy.page.reload();
    await psy.page.getByRole('cell', { name: 'Accepted' }).waitFor();
    await screenshot(psy.page, 'registry-7-trend-with-change');
    expect(psy.errors).toEqual([]);
    expect(pcp.errors).toEqual([]);
    await psy.ctx.close();
    await pcp.ctx.close();
  }, 90_000);
});
