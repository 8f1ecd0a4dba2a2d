import { serverAndBrowser } from '../support/e2e-suite';
import { DEMO_CONTACTS } from '../../server/seed';
import {
  collectPageErrors,
  DESKTOP,
  newContext,
  screenshot,
  seriousA11yViolations,
  signIn,
} from '../support/client-pages';
import { api, login } from '../support/test-server';

/**
 * Issue 19, ring and call context, through the real screens: the offer
 * shows the question, why it is urgent and who asks; the consult page and
 * the printed report name both clinicians with credentials, the date and the
 * program's contact line; the call screen has the context pane beside the
 * video; leaving asks first; the verbal discussion comes from the call
 * record. Needs `npm run build:client` first.
 */
const offset = { ms: 0 };
const clock = { now: () => new Date(Date.now() + offset.ms) };
const QUESTION =
  'Twelve-year-old with low mood since the autumn and passive death wish. Start an SSRI in primary care?';

describe('ring and call context', () => {
  const suite = serverAndBrowser({ clock });

  it('a video request may carry a fallback number; a phone request needs one', async () => {
    const pcp = await login(suite.server.url, 'pcp@demo.test');
    const patients = await api(suite.server.url, 'GET', '/api/patients', {
      token: pcp.token,
    });
    const lena = patients.body.patients.find(
      (p: { givenName: string }) => p.givenName === 'Lena',
    );
    const base = {
      patientId: lena.id,
      consultType: 'clinician_consult',
      reasonCategories: ['medication'],
      clinicalQuestion: 'Dose?',
      specialty: 'adult',
    };
    const video = await api(suite.server.url, 'POST', '/api/consults', {
      token: pcp.token,
      body: { ...base, callback: { method: 'video', phone: '+16175550100' } },
    });
    expect(video.status).toBe(201);
    expect(video.body.consult.callbackPhone).toBe('+16175550100');
    const phone = await api(suite.server.url, 'POST', '/api/consults', {
      token: pcp.token,
      body: { ...base, contactMode: 'phone', callback: { method: 'phone' } },
    });
    expect(phone.status).toBe(400);
    await api(
      suite.server.url,
      'POST',
      `/api/consults/${video.body.consult.id}/cancel`,
      {
        token: pcp.token,
      },
    );
  });

  it('the ring, the consult page, the call pane, leaving and the report say who, what and why', async () => {
    const psyCtx = await newContext(suite.browser, suite.server.url, DESKTOP);
    const pcpCtx = await newContext(suite.browser, suite.server.url, DESKTOP);
    const psy = await psyCtx.newPage();
    const pcp = await pcpCtx.newPage();
    const psyErrors = collectPageErrors(psy);
    const pcpErrors = collectPageErrors(pcp);
    await signIn(psy, 'psych.child@demo.test');
    await psy.getByRole('button', { name: 'Go on duty' }).click();
    await psy
      .getByText('You are on duty and will be offered consults.')
      .waitFor();

    const pcpSession = await login(suite.server.url, 'pcp@demo.test');
    const patients = await api(suite.server.url, 'GET', '/api/patients', {
      token: pcpSession.token,
    });
    const maya = patients.body.patients.find(
      (p: { givenName: string }) => p.givenName === 'Maya',
    );
    // The PCP's PHQ-A, stored first and attached to the request.
    const phqa = await api(
      suite.server.url,
      'POST',
      `/api/patients/${maya.id}/assessments`,
      {
        token: pcpSession.token,
        body: {
          instrument: 'phqa',
          items: [2, 2, 1, 2, 1, 2, 1, 2, 1, 0, 0, 0, 0],
          answeredBy: 'patient',
        },
      },
    );
    expect(phqa.status).toBe(201);
    const created = await api(suite.server.url, 'POST', '/api/consults', {
      token: pcpSession.token,
      body: {
        patientId: maya.id,
        consultType: 'clinician_consult',
        reasonCategories: ['medication', 'safety'],
        clinicalQuestion: QUESTION,
        specialty: 'child_adolescent',
        language: 'en',
        callback: { method: 'video' },
        assessmentId: phqa.body.id,
      },
    });
    expect(created.status).toBe(201);
    const consultId = created.body.consult.id as string;

    // The ring: question, urgency reason with the score, the requester.
    const ring = psy.getByRole('alertdialog', { name: /consult request/ });
    await ring.waitFor();
    await ring.getByText(QUESTION).waitFor();
    const ringText = await ring.textContent();
    expect(ringText).toContain('PHQ-A item 9 = 1');
    expect(ringText).toContain('score 14');
    expect(ringText).toContain('Dr. Paula Chen (pediatrics), MD');
    expect(ringText).toContain('Riverbend Pediatrics');
    expect(ringText).toContain(DEMO_CONTACTS.practicePhone);
    expect(await seriousA11yViolations(psy)).toEqual([]);
    await screenshot(psy, 'context-ring');
    await ring.getByRole('button', { name: 'Accept' }).click();
    await psy.waitForURL(`**/consults/${consultId}`);

    // The consult page names both clinicians, the date and the program line.
    await psy.getByTestId('psychiatrist').first().waitFor();
    expect(await psy.getByTestId('requested-by').first().textContent()).toBe(
      `Dr. Paula Chen (pediatrics), MD · Riverbend Pediatrics · ${DEMO_CONTACTS.practicePhone}`,
    );
    expect(await psy.getByTestId('psychiatrist').first().textContent()).toBe(
      'Dr. Ana Ortiz (child & adolescent), MD',
    );
    expect(
      await psy.getByTestId('program-contact').first().textContent(),
    ).toContain(DEMO_CONTACTS.programLine);
    // Nothing is attested before any call.
    expect(await psy.getByTestId('call-discussion').textContent()).toBe(
      'No platform call with the requesting clinician is on record.',
    );

    // Both clinicians in the call: the pane beside the video has the context.
    await signIn(pcp, 'pcp@demo.test');
    await pcp.goto(`/consults/${consultId}`);
    await pcp.getByRole('button', { name: 'Join call' }).click();
    await psy.getByRole('button', { name: 'Start the call' }).click();
    const pane = psy.getByRole('region', { name: 'Consult' });
    await pane.getByText(QUESTION).waitFor();
    await pane.getByText('PHQ-A score 14, item 9 = 1').waitFor();
    await psy
      .getByRole('status')
      .filter({ hasText: /In the call · \d+:\d\d$/ })
      .waitFor({ timeout: 30_000 });
    await pane
      .getByTestId('call-time-so-far')
      .getByText(/This call/)
      .waitFor();
    await pane
      .getByLabel("Notes (saved as the draft report's assessment)")
      .fill('Passive death wish, no plan; lives with mother.');
    await pane.getByRole('button', { name: 'Save to draft report' }).click();
    await pane.getByText(/^Saved at/).waitFor();
    // Server time moves on: seven minutes of discussion on the call.
    offset.ms += 7 * 60_000;
    await psy.waitForTimeout(1200);
    expect(await seriousA11yViolations(psy)).toEqual([]);
    await screenshot(psy, 'context-call-side-pane');

    // Leaving asks first; staying keeps the call.
    await psy
      .getByRole('button', { name: '← Leave for the consult page' })
      .click();
    const ask = psy.getByRole('alertdialog', { name: 'Leave the call?' });
    await ask.waitFor();
    await ask.getByRole('button', { name: 'Stay in the call' }).click();
    await ask.waitFor({ state: 'detached' });
    expect(psy.url()).toMatch(/\/call$/);
    await psy.getByRole('button', { name: 'End call for everyone' }).click();
    await psy.getByRole('button', { name: 'Write the report' }).click();

    // The verbal discussion comes from the call record; the notes are in the draft.
    await psy
      .getByTestId('call-discussion')
      .getByText(/Verbal discussion: \d+\.\d min .* on the platform call/)
      .waitFor();
    expect(
      await psy.getByRole('textbox', { name: 'Assessment' }).inputValue(),
    ).toBe('Passive death wish, no plan; lives with mother.');
    // After "End call for everyone" there is no call to rejoin.
    expect(
      await psy
        .getByRole('button', { name: /Rejoin the call|Start the call/ })
        .count(),
    ).toBe(0);
    await psy
      .getByRole('textbox', { name: /^Recommendations/ })
      .fill('Start fluoxetine 10 mg; safety plan; follow up in 2 weeks.');
    await psy
      .getByRole('combobox', { name: /^Disposition/ })
      .selectOption({ index: 1 });
    await psy.getByRole('button', { name: 'Sign and send to PCP' }).click();
    await psy
      .getByText('Signed and sent to the requesting clinician.')
      .waitFor({ timeout: 10_000 })
      .catch(async (e) => {
        await screenshot(psy, 'context-sign-failure');
        throw e;
      });
    const report = await api(
      suite.server.url,
      'GET',
      `/api/consults/${consultId}/report`,
      { token: (await login(suite.server.url, 'psych.child@demo.test')).token },
    );
    expect(report.body.verbalDiscussion).toBe(true);

    // The printed report names both clinicians with credentials.
    await pcp.goto(`/consults/${consultId}/report`);
    await pcp
      .getByRole('heading', { name: 'Psychiatry consult report' })
      .waitFor();
    const printed = await pcp.locator('article.report-print').textContent();
    expect(printed).toContain('Dr. Paula Chen (pediatrics), MD');
    expect(printed).toContain(
      'Signed by Dr. Ana Ortiz (child & adolescent), MD',
    );
    expect(printed).toContain(DEMO_CONTACTS.programLine);
    expect(printed).toContain('Consult date');
    await screenshot(pcp, 'context-printed-report');
    expect(psyErrors).toEqual([]);
    expect(pcpErrors).toEqual([]);
    await psyCtx.close();
    await pcpCtx.close();
  }, 180_000);
});
