import { STORE_KINDS } from '../support/databases';
import type { Browser } from 'playwright-core';
import type { RunningServer } from '../../server/main';
import {
  DESKTOP,
  PHONE,
  collectPageErrors,
  fillBirthDate,
  launchChromium,
  newContext,
  screenshot,
  seriousA11yViolations,
  signIn,
} from '../support/client-pages';
import { startTestServer } from '../support/test-server';
import { mediaFlowsFrom, videosPlaying } from '../support/call-view-media';

/**
 * The whole consult journey through the real web client, one server, four
 * browser contexts: PCP, psychiatrist, patient (phone), biller. Needs
 * `npm run build:client` first (the server serves client/dist).
 *
 * Server time runs on an offset clock so the call can "last" twelve minutes
 * without the test waiting for them: the billing code follows from the call
 * events' server timestamps, as in production.
 */
const offset = { ms: 0 };
const clock = { now: () => new Date(Date.now() + offset.ms) };

describe.each(STORE_KINDS)(
  'the whole consult journey in the browser (%s)',
  (store) => {
    let server: RunningServer;
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    }, 60_000);
    afterAll(() => browser?.close());
    // A server per attempt: a retry starts from the seed, not from a journey half done (psychiatrist on duty, consult open).
    beforeEach(async () => {
      offset.ms = 0;
      server = await startTestServer({
        store,
        clock,
        env: { CALL_RECONNECT_GRACE_SECONDS: '5' },
      });
    }, 120_000);
    afterEach(() => server?.close());

    it('request, ring, accept, call, invite the patient, three-way call, report, billing line', async () => {
      const pcpCtx = await newContext(browser, server.url, DESKTOP);
      const psyCtx = await newContext(browser, server.url, DESKTOP);
      const pcp = await pcpCtx.newPage();
      const psy = await psyCtx.newPage();
      const pcpErrors = collectPageErrors(pcp);
      const psyErrors = collectPageErrors(psy);

      // The psychiatrist goes on duty in one click.
      await signIn(psy, 'psych.child@demo.test');
      await psy.getByRole('button', { name: 'Go on duty' }).click();
      await psy
        .getByText('You are on duty and will be offered consults.')
        .waitFor();

      // The PCP requests a consult for an adult patient in Massachusetts.
      await signIn(pcp, 'pcp@demo.test');
      await pcp
        .getByRole('combobox', { name: /^Patient/ })
        .selectOption({ label: 'Lena Novak (born 1994-01-23)' });
      await pcp.getByRole('checkbox', { name: 'Medication' }).check();
      await pcp
        .getByRole('textbox', { name: /^Clinical question/ })
        .fill(
          'Sertraline started 6 weeks ago, partial response. Increase the dose or switch?',
        );
      await pcp.getByRole('button', { name: 'Request consult' }).click();
      await pcp.waitForURL(/\/consults\/[0-9a-f-]{36}$/);
      await pcp
        .getByRole('heading', { level: 1, name: 'Consult', exact: true })
        .waitFor();
      const consultId = pcp.url().split('/consults/')[1]!;

      // The psychiatrist's screen rings (sound, countdown); they accept in one click.
      const ring = psy.getByRole('alertdialog', { name: /consult request/ });
      await ring.waitFor();
      expect(await ring.getByRole('timer').textContent()).toMatch(/^0:\d\d$/);
      expect(await seriousA11yViolations(psy)).toEqual([]);
      await screenshot(psy, 'journey-psychiatrist-ringing');
      await ring.getByRole('button', { name: 'Accept' }).click();
      await psy.waitForURL(`**/consults/${consultId}`);

      // The PCP sees the acceptance live, records the patient's consent, and joins the call.
      await pcp.getByRole('button', { name: 'Join call' }).waitFor();
      await pcp.getByRole('radio', { name: 'Patient' }).check();
      await pcp
        .getByLabel('Name of the person who consented')
        .fill('Lena Novak');
      await pcp.getByLabel('I told them about possible cost sharing').check();
      await pcp.getByRole('button', { name: 'Record verbal consent' }).click();
      await pcp.getByText(/Verbal consent recorded from the patient/).waitFor();
      await pcp.getByRole('button', { name: 'Join call' }).click();
      await psy.getByRole('button', { name: 'Start the call' }).click();
      await Promise.all([mediaFlowsFrom(pcp, 1), mediaFlowsFrom(psy, 1)]);
      await screenshot(psy, 'journey-two-way-call');

      // Twelve minutes of server time pass in the clinicians' call: the consult's
      // discussion time. (The visit's call with the patient that follows is the
      // direct evaluation, coded as a telehealth visit, never as consult time.)
      offset.ms += 12 * 60_000;
      await psy.waitForTimeout(1500);

      // The psychiatrist invites the patient; the link is shown once.
      await psy.getByLabel('Their name').fill('Lena Novak');
      await psy.getByRole('button', { name: 'Create invite link' }).click();
      const inviteUrl = await psy.getByTestId('invite-url').inputValue();
      expect(inviteUrl).toContain('/visit/');

      // The patient, on a phone, joins from the link: device check, identity, consent, waiting room.
      const patientCtx = await newContext(browser, server.url, PHONE);
      const patient = await patientCtx.newPage();
      const patientErrors = collectPageErrors(patient);
      await patient.goto(inviteUrl);
      await patient.getByRole('button', { name: 'Join my visit' }).click();
      await patient
        .getByRole('heading', { name: 'Check your camera and sound' })
        .waitFor();
      await patient
        .locator('[data-check="camera"][data-status="ok"]')
        .waitFor();
      await patient
        .locator('[data-check="network"]:not([data-status="checking"])')
        .waitFor();
      await patient.getByRole('button', { name: 'Continue' }).click();
      await patient
        .getByRole('heading', { name: 'Confirm who you are' })
        .waitFor();
      await patient.getByLabel('First name').fill('Lena');
      await patient.getByLabel('Last name').fill('Novak');
      await fillBirthDate(patient, '1994-01-23');
      await patient.getByRole('button', { name: 'Continue' }).click();
      await patient
        .getByRole('heading', { name: 'Please read and agree' })
        .waitFor();
      await patient.getByLabel('I have read this and I agree').check();
      await patient
        .getByLabel('Your full name (as a signature)')
        .fill('Lena Novak');
      await patient.getByRole('button', { name: 'Agree and continue' }).click();
      await patient
        .getByRole('heading', { name: 'You are in the waiting room' })
        .waitFor();

      // The psychiatrist sees her waiting and admits her; everyone is in the visit's call.
      const admit = psy.getByRole('button', { name: 'Admit Lena Novak' });
      await admit.waitFor();
      expect(await admit.isEnabled()).toBe(true);
      await screenshot(psy, 'journey-waiting-room');
      await admit.click();
      await patient.getByRole('heading', { name: 'In your visit' }).waitFor();
      await pcp.getByRole('heading', { name: 'Visit call' }).waitFor();
      await Promise.all([
        mediaFlowsFrom(psy, 2),
        mediaFlowsFrom(pcp, 2),
        videosPlaying(patient, 2),
      ]);
      await screenshot(psy, 'journey-three-way-call');
      await screenshot(patient, 'journey-patient-in-call-phone');

      // The psychiatrist ends the call for everyone.
      await psy.getByRole('button', { name: 'End call for everyone' }).click();
      await psy.getByRole('heading', { name: 'Call ended' }).waitFor();
      await pcp.getByRole('heading', { name: 'Call ended' }).waitFor();
      await patient
        .getByRole('heading', { name: 'The visit has ended' })
        .waitFor();

      // The psychiatrist writes and signs the report.
      await psy.getByRole('button', { name: 'Write the report' }).click();
      await psy
        .getByRole('textbox', { name: 'Assessment' })
        .fill(
          'Partial response to sertraline 50 mg at 6 weeks; no safety concerns.',
        );
      await psy
        .getByRole('textbox', { name: /^Recommendations/ })
        .fill(
          'Increase sertraline to 100 mg daily; reassess PHQ-9 in 4 weeks.',
        );
      await psy
        .getByRole('combobox', { name: /^Disposition/ })
        .selectOption('advice_to_pcp');
      await psy.getByRole('checkbox', { name: 'Depression' }).check();
      await psy.getByRole('button', { name: 'Sign and send to PCP' }).click();
      await psy
        .getByText('Signed and sent to the requesting clinician.')
        .waitFor();
      expect(await seriousA11yViolations(psy)).toEqual([]);
      await screenshot(psy, 'journey-report-signed');

      // The PCP sees the signed report (delivered live) and can print it.
      await pcp.getByRole('button', { name: 'Back to the consult' }).click();
      await pcp
        .getByText(
          'Increase sertraline to 100 mg daily; reassess PHQ-9 in 4 weeks.',
        )
        .waitFor();
      await screenshot(pcp, 'journey-pcp-report');
      await pcp.getByRole('link', { name: 'Print report' }).click();
      await pcp
        .getByRole('heading', { name: 'Psychiatry consult report' })
        .waitFor();
      expect(await seriousA11yViolations(pcp)).toEqual([]);

      // The biller sees a line with the code twelve minutes of consultant time imply (11-20 min: 99447).
      const billerCtx = await newContext(browser, server.url, DESKTOP);
      const biller = await billerCtx.newPage();
      const billerErrors = collectPageErrors(biller);
      await signIn(biller, 'biller@demo.test');
      await biller
        .getByRole('heading', { level: 1, name: 'Billing' })
        .waitFor();
      const line = biller.locator('tr[data-code="99447"]');
      await line.waitFor();
      await screenshot(biller, 'journey-biller-line');
      expect(await line.textContent()).toContain('1000000003');
      // Everything needed is there (call, signed report, consent); the rules hold it only while the 14-day
      // window for a follow-up face-to-face visit is open, and the biller reads why.
      expect(await line.getAttribute('data-status')).toBe('held');
      expect(await line.textContent()).toMatch(
        /99447: 1[1-9] min is in the 11-20 min band/,
      );
      expect(await line.textContent()).toContain(
        'Verbal interprofessional consent documented with the cost-sharing notice.',
      );
      expect(await line.textContent()).toMatch(/held until then/);

      expect(pcpErrors).toEqual([]);
      expect(psyErrors).toEqual([]);
      expect(patientErrors).toEqual([]);
      expect(billerErrors).toEqual([]);
    }, 300_000);
  },
);
