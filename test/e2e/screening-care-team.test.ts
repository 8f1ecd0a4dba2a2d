import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../server/main';
import {
  collectPageErrors,
  DESKTOP,
  launchChromium,
  newContext,
  PHONE,
  screenshot,
  seriousA11yViolations,
  signIn,
} from '../support/client-pages';
import { acceptedConsult } from '../support/consult-fixtures';
import {
  demoCareTeam,
  demoPatients,
  enroll,
} from '../support/registry-fixtures';
import { api, login, startTestServer } from '../support/test-server';

/**
 * A parent answers the PSC-17 about their child from a link on a 390x844
 * phone (English: the Spanish PSC-17 wording could not be verified, so that
 * link is refused, see docs/screening.md); a Spanish-speaking teen answers
 * the GAD-7 in Spanish on the same phone; the clinician sees the PSC-17
 * scored with its three subscales; and the one screening history chart is
 * on every screen the care team looks at the patient from: the care
 * manager's registry patient, the BH clinician's episode, the
 * psychiatrist's consult. Needs `npm run build:client`.
 */
describe('screening for the whole care team', () => {
  let server: RunningServer;
  let browser: Browser;
  let pcp: string;
  let maya: string;
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    pcp = (await login(server.url, 'pcp@demo.test')).token;
    const { rows } = await server.services.db.query<{ id: string }>(
      "SELECT id FROM patients WHERE given_name = 'Maya'",
    );
    maya = rows[0]!.id;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const sendLink = async (body: Record<string, unknown>) => {
    const made = await api(
      server.url,
      'POST',
      `/api/patients/${maya}/screening-links`,
      { token: pcp, body: { delivery: 'qr', ...body } },
    );
    expect(made.status).toBe(201);
    return made.body.url as string;
  };

  /** Answers every question of the open form by the option labels given. */
  const answerAll = async (page: Page, labels: readonly string[]) => {
    for (const [i, label] of labels.entries()) {
      await page
        .getByRole('heading', { name: new RegExp(` ${i + 1} (of|de) `) })
        .waitFor();
      await page.getByRole('radio', { name: label, exact: true }).check();
      await page
        .getByRole('button', {
          name: /^(Next|Siguiente|Send my answers|Enviar mis respuestas)$/,
        })
        .click();
    }
  };

  it('a parent answers the PSC-17 on a phone; the PCP sees its three subscales', async () => {
    const refused = await api(
      server.url,
      'POST',
      `/api/patients/${maya}/screening-links`,
      {
        token: pcp,
        body: {
          instrument: 'psc17',
          respondent: 'guardian',
          language: 'es',
          delivery: 'qr',
        },
      },
    );
    expect(refused.body.error.code).toBe('self_report_language_unavailable');

    const url = await sendLink({
      instrument: 'psc17',
      respondent: 'guardian',
      language: 'en',
    });
    const ctx = await newContext(browser, server.url, PHONE);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await page.goto(url);
    await page.getByText('about your child').waitFor();
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('heading', { name: 'Question 1 of 17' }).waitFor();
    await page.getByText('How often does this describe your child?').waitFor();
    expect(await page.locator('legend').textContent()).toBe(
      'Fidgety, unable to sit still',
    );
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'psc17-guardian-question-phone');
    // Attention items 1, 3, 7, 13, 17 "Often" (10), item 8 "Sometimes".
    const labels = Array.from({ length: 17 }, (_, i) =>
      [1, 3, 7, 13, 17].includes(i + 1)
        ? 'Often'
        : i + 1 === 8
          ? 'Sometimes'
          : 'Never',
    );
    await answerAll(page, labels);
    await page.getByRole('heading', { name: 'Thank you' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await screenshot(page, 'psc17-guardian-thanks-phone');
    expect(errors).toEqual([]);
    await ctx.close();

    const doc = await newContext(browser, server.url, DESKTOP);
    const pcpPage = await doc.newPage();
    await signIn(pcpPage, 'pcp@demo.test');
    await pcpPage.goto(`/patients/${maya}/screening`);
    const chart = pcpPage.getByTestId('chart-psc17');
    await chart.waitFor();
    expect(await chart.getAttribute('aria-label')).toMatch(
      /PSC-17 totals over time: .* 11$/,
    );
    const history = pcpPage.locator('.screening-history');
    await history.getByText('answered by a parent').waitFor();
    // Below the total's cut-off, positive on attention: said in words.
    expect(await history.locator('.positive-screen').textContent()).toMatch(
      /^ · positive screen: Attention 7 or more$/,
    );
    const subscales = await history.locator('.subscales li').allInnerTexts();
    expect(subscales).toEqual([
      'Internalizing: 0 of 10',
      'Attention: 10 of 10 (positive)',
      'Externalizing: 1 of 14',
    ]);
    await screenshot(pcpPage, 'psc17-subscales-pcp');
    await doc.close();
  }, 120_000);

  it("the PCP's send form offers each form only in its checked languages and names the paper-only ones", async () => {
    const doc = await newContext(browser, server.url, DESKTOP);
    const page = await doc.newPage();
    const errors = collectPageErrors(page);
    await signIn(page, 'pcp@demo.test');
    await page.goto(`/patients/${maya}/screening`);
    const form = page.getByRole('form', { name: 'Send a screening' });
    await form.waitFor();
    // Clinician entry only, said on the form, in the registry's order.
    expect(await form.getByTestId('paper-only').textContent()).toMatch(
      /not sent by link .*: PHQ-A, SCARED, EPDS, CRAFFT\.$/,
    );
    const language = form.getByLabel('Language');
    await form.getByLabel('Instrument').selectOption({ label: 'GAD-7' });
    await language.selectOption('es');
    expect(await language.inputValue()).toBe('es');
    // PSC-17 has no verified Spanish form: the choice falls back to
    // English instead of sending a Spanish request the server refuses.
    await form.getByLabel('Instrument').selectOption({ label: 'PSC-17' });
    expect(await language.inputValue()).toBe('en');
    expect(await language.locator('option').allTextContents()).toEqual([
      'English',
    ]);
    await form
      .getByText('PSC-17 has no verified Spanish wording yet.')
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Show QR code' }).click();
    await form.locator('img.qr').waitFor();
    await screenshot(page, 'send-screening-psc17-english-only');
    const { rows } = await server.services.db.query<{
      instrument: string;
      language: string;
    }>(
      'SELECT instrument, language FROM screening_links ' +
        'WHERE patient_id = $1 ORDER BY created_at DESC LIMIT 1',
      [maya],
    );
    expect(rows[0]).toEqual({ instrument: 'psc17', language: 'en' });
    expect(errors).toEqual([]);
    await doc.close();
  }, 120_000);

  it('a teen answers the GAD-7 in Spanish on a phone', async () => {
    const url = await sendLink({
      instrument: 'gad7',
      respondent: 'patient',
      language: 'es',
    });
    const ctx = await newContext(browser, server.url, PHONE);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await page.goto(url);
    await page.getByRole('button', { name: 'Empezar' }).click();
    await page.getByRole('heading', { name: 'Pregunta 1 de 7' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    await page
      .getByText('¿con qué frecuencia le han molestado los siguientes')
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'gad7-es-question-phone');
    await answerAll(page, [
      'Varios días',
      'Varios días',
      'Más de la mitad de los días',
      'Ningún día',
      'Ningún día',
      'Casi todos los días',
      'Ningún día',
    ]);
    await page.getByRole('heading', { name: 'Gracias' }).waitFor();
    await screenshot(page, 'gad7-es-thanks-phone');
    expect(errors).toEqual([]);
    await ctx.close();
    const list = await api(
      server.url,
      'GET',
      `/api/patients/${maya}/assessments`,
      { token: pcp },
    );
    expect(
      list.body.assessments.find(
        (a: { instrument: string }) => a.instrument === 'gad7',
      ),
    ).toMatchObject({ total: 7, answeredBy: 'patient', enteredBy: null });
  }, 120_000);

  /** Signs in, opens `path`, and checks the shared chart is there. */
  const seesHistory = async (
    email: string,
    path: string,
    shot: string,
    charts = ['chart-psc17', 'chart-gad7'],
  ) => {
    const ctx = await newContext(browser, server.url, DESKTOP);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await signIn(page, email);
    await page.goto(path);
    const history = page.locator('.screening-history');
    for (const chart of charts) await history.getByTestId(chart).waitFor();
    await history.scrollIntoViewIfNeeded();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, shot);
    expect(errors).toEqual([]);
    await ctx.close();
  };

  it("shows the same history chart on the care manager's, BH clinician's and psychiatrist's screens", async () => {
    const team = await demoCareTeam(server.url);
    const patients = await demoPatients(server.url, team);
    expect(patients.Maya).toBe(maya);
    const enrolled = await enroll(server.url, team, maya, '2026-10-01');
    // A retry of this test finds Maya enrolled by the first attempt.
    if (enrolled.status !== 201) expect(enrolled.status).toBe(409);
    await seesHistory(
      'care.manager@demo.test',
      `/registry/patients/${maya}`,
      'screening-history-care-manager',
    );

    const episode = await api(
      server.url,
      'POST',
      `/api/patients/${maya}/episodes`,
      { token: pcp, body: { reason: 'Worry and attention at school' } },
    );
    expect(episode.status).toBe(201);
    await seesHistory(
      'bh@demo.test',
      `/episodes/${episode.body.id}`,
      'screening-history-bh-episode',
    );

    // The consult fixture's patient is the practice's first: give them a
    // PHQ-9 entered by the PCP, then look from the psychiatrist's side.
    const consult = await acceptedConsult(server.services.db);
    const entered = await api(
      server.url,
      'POST',
      `/api/patients/${consult.patientId}/assessments`,
      {
        token: pcp,
        body: {
          instrument: 'phq9',
          items: [2, 2, 1, 1, 1, 1, 0, 0, 0],
          answeredBy: 'patient',
        },
      },
    );
    expect(entered.status).toBe(201);
    await seesHistory(
      'psych.child@demo.test',
      `/consults/${consult.consultId}`,
      'screening-history-psychiatrist-consult',
      ['chart-phq9'],
    );
  }, 180_000);
});
