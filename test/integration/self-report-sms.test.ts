import type { RunningServer } from '../../server/main';
import { api, login, startTestServer } from '../support/test-server';
import { TEST_TWILIO, TwilioStandIn } from '../support/twilio-stand-in';

/**
 * A self-report link by text, through the real Twilio SDK against the local
 * stand-in: sent only with consent, the body carries the link and nothing
 * about the patient, the link row records the consent and message sid, and
 * a refused text leaves no live link behind.
 */
describe('self-report link by text', () => {
  let server: RunningServer;
  const twilioApi = new TwilioStandIn();
  let pcp: string;
  let lena: string;
  beforeAll(async () => {
    await twilioApi.start();
    server = await startTestServer({ env: twilioApi.env() });
    pcp = (await login(server.url, 'pcp@demo.test')).token;
    lena = (
      await server.services.db.query<{ id: string }>(
        `SELECT id FROM patients WHERE given_name = 'Lena'`,
      )
    ).rows[0]!.id;
  }, 120_000);
  afterAll(async () => {
    await server.close();
    await twilioApi.stop();
  });

  const send = () =>
    api(server.url, 'POST', `/api/patients/${lena}/screening-links`, {
      token: pcp,
      body: {
        instrument: 'gad7',
        respondent: 'patient',
        language: 'en',
        delivery: 'sms',
        phone: '+15555550124',
        smsConsent: true,
      },
    });

  it('texts the link once consent is recorded, and stores only its hash', async () => {
    const sent = await send();
    expect(sent.status).toBe(201);
    expect(sent.body.qrSvg).toBeNull();
    const req = twilioApi.requests.at(-1)!;
    expect(req.path).toBe(
      `/2010-04-01/Accounts/${TEST_TWILIO.accountSid}/Messages.json`,
    );
    expect(req.params.To).toBe('+15555550124');
    expect(req.params.Body).toContain(sent.body.url);
    expect(req.params.Body).not.toMatch(/Lena|Novak|GAD|anxi/i);
    const row = await server.services.db.query<{
      sms_consent_at: Date | null;
      message_sid: string | null;
    }>(
      'SELECT sms_consent_at, message_sid FROM screening_links WHERE id = $1',
      [sent.body.id],
    );
    expect(row.rows[0]!.sms_consent_at).toBeInstanceOf(Date);
    expect(row.rows[0]!.message_sid).toMatch(/^SM/);
  });

  it('a text Twilio refuses leaves no link', async () => {
    const before = await server.services.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM screening_links',
    );
    twilioApi.failures.set('Messages.json', [
      { status: 400, code: 21211, message: 'Invalid To number' },
    ]);
    const refused = await send();
    expect(refused.status).toBe(502);
    const after = await server.services.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM screening_links',
    );
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });
});
