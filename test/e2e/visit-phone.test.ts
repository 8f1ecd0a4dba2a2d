import type { Browser } from 'playwright-core';
import type { RunningServer } from '../../server/main';
import {
  collectPageErrors,
  launchChromium,
  newContext,
  seriousA11yViolations,
  signIn,
} from '../support/client-pages';
import { eventually } from '../support/eventually';
import { startTestServer } from '../support/test-server';
import {
  TEST_TWILIO,
  TwilioStandIn,
  fakeCallSid,
  twilioWebhook,
} from '../support/twilio-stand-in';
import { DEMO_ADULT, visitNow } from '../support/visit-fixtures';

/**
 * The visit's phone side in the clinician's call screen (real web client,
 * real server, Twilio at its boundary: signed webhooks in, the real SDK's
 * REST calls out to a local stand-in). A family whose video fails dials in
 * and waits on hold; the psychiatrist sees it and rings their own phone in.
 */
jest.setTimeout(120_000);

describe('visit by phone in the call screen', () => {
  let browser: Browser;
  let server: RunningServer;
  const twilioApi = new TwilioStandIn();
  beforeAll(async () => {
    await twilioApi.start();
    server = await startTestServer({ env: twilioApi.env() });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await twilioApi.stop();
  });

  it('shows the visit code, a dial-in caller on hold, and rings the clinician’s phone in to join them', async () => {
    const v = await visitNow(server, DEMO_ADULT);
    const ctx = await newContext(browser, server.url);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    try {
      await signIn(page, 'psych.child@demo.test');
      await page.goto(`/consults/${v.consult.consultId}/call`);
      const phone = page.getByRole('region', { name: 'Phone' });
      await phone.waitFor();
      expect(await phone.getByTestId('visit-code').textContent()).toBe(
        `${v.phoneCode.slice(0, 4)} ${v.phoneCode.slice(4)}`,
      );
      expect(await phone.getByText('on hold').count()).toBe(0);

      // The family dials in and types the code: the screen says so without a reload.
      const caller = fakeCallSid();
      await twilioWebhook(server.url, '/api/twilio/voice/code?attempt=1', {
        CallSid: caller,
        Digits: v.phoneCode,
      });
      await phone
        .getByText(
          'A caller is on hold in this visit. Join them from your phone.',
        )
        .waitFor();

      // The psychiatrist rings their own phone into the visit's conference.
      await phone.getByLabel('Your phone').fill('+15555550142');
      await phone.getByRole('button', { name: 'Call my phone' }).click();
      const placed = (await eventually(
        () => twilioApi.requests.find((r) => r.path.endsWith('/Calls.json')),
        10_000,
        'the dial-out at Twilio',
      ))!;
      expect(placed.params).toMatchObject({
        To: '+15555550142',
        From: TEST_TWILIO.fromNumber,
      });
      expect(placed.params.Twiml).toContain('startConferenceOnEnter="true"');

      // Twilio reports the clinician's phone answered: nobody is on hold any more.
      // The leg is written once Twilio has answered the dial-out with its SID,
      // just after the request the stand-in saw.
      const leg = (await eventually(
        async () =>
          (
            await server.services.db.query<{ call_sid: string }>(
              `SELECT call_sid FROM visit_phone_legs WHERE visit_id = $1 AND direction = 'dial_out'`,
              [v.visitId],
            )
          ).rows[0],
        10_000,
        'the dial-out leg row',
      ))!;
      await twilioWebhook(server.url, '/api/twilio/voice/call-status', {
        CallSid: leg.call_sid,
        CallStatus: 'in-progress',
      });
      await phone
        .getByText('Your phone is in the visit’s phone call.')
        .waitFor();
      expect(await phone.getByText('on hold').count()).toBe(0);
      expect(await seriousA11yViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await ctx.close();
    }
  });
});
