import type { RunningServer } from '../../server/main';
import { api, startTestServer } from '../support/test-server';
import {
  TEST_TWILIO,
  TwilioStandIn,
  fakeCallSid,
  twilioWebhook,
} from '../support/twilio-stand-in';
import {
  DEMO_ADULT,
  invite,
  tokenOf,
  visitNow,
} from '../support/visit-fixtures';

/**
 * Twilio at its protocol boundary: the real SDK talks to a local stand-in for
 * api.twilio.com, and webhooks arrive signed with the real helper over PUBLIC_URL.
 */
describe('Twilio: SMS invites, dial-in, dial-out, signed webhooks, phone time in the ledger', () => {
  let server: RunningServer;
  const twilioApi = new TwilioStandIn();
  beforeAll(async () => {
    await twilioApi.start();
    server = await startTestServer({ store: 'postgres', env: twilioApi.env() });
  });
  afterAll(async () => {
    await server.close();
    await twilioApi.stop();
  });

  const phoneEvents = async (consultId: string) =>
    (
      await server.services.db.query<{
        type: string;
        source: string;
        participant_role: string;
        details: any;
      }>(
        `SELECT type, source, participant_role, details FROM call_events WHERE consult_id = $1 AND type LIKE 'phone_%' ORDER BY id`,
        [consultId],
      )
    ).rows;

  it('refuses unsigned, wrongly signed, re-targeted and tampered webhooks, and audits each', async () => {
    const params = { CallSid: fakeCallSid(), From: '+15555550123' };
    const path = '/api/twilio/voice/incoming';
    const unsigned = await twilioWebhook(server.url, path, params, {
      signature: null,
    });
    const wrongKey = await twilioWebhook(server.url, path, params, {
      authToken: 'not-the-token',
    });
    const twilio = (await import('twilio')).default;
    const ownHost = await twilioWebhook(server.url, path, params, {
      signature: twilio.getExpectedTwilioSignature(
        TEST_TWILIO.authToken,
        server.url + path,
        params,
      ),
    });
    const sig = twilio.getExpectedTwilioSignature(
      TEST_TWILIO.authToken,
      TEST_TWILIO.publicUrl + path,
      params,
    );
    const tampered = await twilioWebhook(
      server.url,
      path,
      { ...params, From: '+15555550999' },
      { signature: sig },
    );
    expect([
      unsigned.status,
      wrongKey.status,
      ownHost.status,
      tampered.status,
    ]).toEqual([403, 403, 403, 403]);
    expect(unsigned.body).toContain('twilio_signature_invalid');
    const { rows } = await server.services.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'twilio.webhook_refused' AND outcome = 'denied' AND actor_label = 'twilio'`,
    );
    expect(rows[0]!.n).toBe(4);
    // A correctly signed one passes.
    expect((await twilioWebhook(server.url, path, params)).status).toBe(200);
  });

  it('dial-in: asks for the code, refuses a wrong one three times, and places a right one in the visit conference on hold', async () => {
    const v = await visitNow(server, DEMO_ADULT);
    const callSid = fakeCallSid();
    const ask = await twilioWebhook(server.url, '/api/twilio/voice/incoming', {
      CallSid: callSid,
    });
    expect(ask.contentType).toMatch(/text\/xml/);
    expect(ask.body).toContain(
      `<Gather input="dtmf" numDigits="8" timeout="10" action="${TEST_TWILIO.publicUrl}/api/twilio/voice/code?attempt=1" method="POST" actionOnEmptyResult="true">`,
    );
    expect(ask.body).toMatch(
      /<Say language="en-US">Welcome.*<Say language="es-US">Bienvenido/,
    );

    const wrong = v.phoneCode === '00000000' ? '11111111' : '00000000';
    const retry = await twilioWebhook(
      server.url,
      '/api/twilio/voice/code?attempt=1',
      { CallSid: callSid, Digits: wrong },
    );
    expect(retry.body).toContain(
      `<Redirect method="POST">${TEST_TWILIO.publicUrl}/api/twilio/voice/incoming?attempt=2</Redirect>`,
    );
    expect(retry.body).not.toContain('<Dial>');
    const last = await twilioWebhook(
      server.url,
      '/api/twilio/voice/code?attempt=3',
      { CallSid: callSid, Digits: wrong },
    );
    expect(last.body).toMatch(/<Hangup\/><\/Response>$/);

    const ok = await twilioWebhook(
      server.url,
      '/api/twilio/voice/code?attempt=1',
      { CallSid: callSid, Digits: v.phoneCode },
    );
    const conf = (
      await server.services.db.query<{ conference_name: string }>(
        `SELECT conference_name FROM visits WHERE id = $1`,
        [v.visitId],
      )
    ).rows[0]!.conference_name;
    expect(conf).toMatch(/^visit-[0-9a-f]{24}$/);
    expect(conf).not.toContain(v.visitId.slice(0, 8));
    expect(ok.body).toContain(
      `<Dial><Conference startConferenceOnEnter="false" endConferenceOnExit="false" beep="false" statusCallback="${TEST_TWILIO.publicUrl}/api/twilio/voice/conference-status" statusCallbackEvent="join leave" statusCallbackMethod="POST">${conf}</Conference></Dial>`,
    );
    expect(ok.body).not.toMatch(/Lena|Novak/);

    // Conference callbacks (sent twice, as retries happen) write one start and one end.
    const join = {
      CallSid: callSid,
      FriendlyName: conf,
      StatusCallbackEvent: 'participant-join',
      ConferenceSid: `CF${'0'.repeat(32)}`,
    };
    expect(
      (
        await twilioWebhook(
          server.url,
          '/api/twilio/voice/conference-status',
          join,
        )
      ).status,
    ).toBe(204);
    await twilioWebhook(
      server.url,
      '/api/twilio/voice/conference-status',
      join,
    );
    const leave = { ...join, StatusCallbackEvent: 'participant-leave' };
    await twilioWebhook(
      server.url,
      '/api/twilio/voice/conference-status',
      leave,
    );
    await twilioWebhook(
      server.url,
      '/api/twilio/voice/conference-status',
      leave,
    );
    const events = await phoneEvents(v.consult.consultId);
    expect(
      events.map((e) => [
        e.type,
        e.source,
        e.participant_role,
        e.details.callSid,
        e.details.direction,
      ]),
    ).toEqual([
      ['phone_call_started', 'twilio', 'phone', callSid, 'dial_in'],
      ['phone_call_ended', 'twilio', 'phone', callSid, 'dial_in'],
    ]);
    const calls = await server.services.db.query(
      `SELECT visit_id FROM calls WHERE id IN (SELECT call_id FROM call_events WHERE consult_id = $1)`,
      [v.consult.consultId],
    );
    expect(calls.rows).toEqual([{ visit_id: v.visitId }]);
  });

  it('gives a visitor the number and visit code to call once their identity is confirmed, and that code is the one dial-in accepts', async () => {
    const v = await visitNow(server, DEMO_ADULT);
    const inv = await invite(server, v, {
      role: 'patient',
      displayName: 'Lena Novak',
    });
    const ex = await api(server.url, 'POST', '/api/visit/exchange', {
      body: { token: inv.token },
    });
    expect(ex.body.state.dialIn).toBeNull();
    const wrong = await api(server.url, 'POST', '/api/visit/identity', {
      token: ex.body.visitToken,
      body: { role: 'patient', ...DEMO_ADULT, birthDate: '1990-01-01' },
    });
    expect(wrong.status).toBe(422);
    expect(
      (
        await api(server.url, 'GET', '/api/visit/me', {
          token: ex.body.visitToken,
        })
      ).body.dialIn,
    ).toBeNull();

    const confirmed = await api(server.url, 'POST', '/api/visit/identity', {
      token: ex.body.visitToken,
      body: { role: 'patient', ...DEMO_ADULT },
    });
    expect(confirmed.body.dialIn).toEqual({
      number: TEST_TWILIO.fromNumber,
      code: v.phoneCode,
    });
    const callSid = fakeCallSid();
    const placed = await twilioWebhook(
      server.url,
      '/api/twilio/voice/code?attempt=1',
      { CallSid: callSid, Digits: confirmed.body.dialIn.code },
    );
    expect(placed.body).toContain('<Conference');
    // The clinicians' view of the visit shows the caller on the line, on hold, until they leave the conference.
    const legs = async () =>
      (
        await api(server.url, 'GET', `/api/visits/${v.visitId}`, {
          token: v.psychiatrist.token,
        })
      ).body.phoneLegs;
    expect(await legs()).toEqual([
      {
        callSid,
        direction: 'dial_in',
        participantId: null,
        status: 'code_accepted',
      },
    ]);
    const conf = (
      await server.services.db.query<{ conference_name: string }>(
        `SELECT conference_name FROM visits WHERE id = $1`,
        [v.visitId],
      )
    ).rows[0]!.conference_name;
    const inConference = {
      CallSid: callSid,
      FriendlyName: conf,
      StatusCallbackEvent: 'participant-join',
      ConferenceSid: `CF${'1'.repeat(32)}`,
    };
    await twilioWebhook(
      server.url,
      '/api/twilio/voice/conference-status',
      inConference,
    );
    expect((await legs()).map((l: any) => l.status)).toEqual([
      'conference_join',
    ]);
    await twilioWebhook(server.url, '/api/twilio/voice/conference-status', {
      ...inConference,
      StatusCallbackEvent: 'participant-leave',
    });
    expect(await legs()).toEqual([]);

    // Once the visit is over, the code it gave no longer places anyone in the conference.
    expect(
      (
        await api(server.url, 'POST', `/api/visits/${v.visitId}/end`, {
          token: v.psychiatrist.token,
          body: {},
        })
      ).status,
    ).toBe(200);
    const after = await server.services.db.query<{ status: string }>(
      `SELECT status FROM visits WHERE id = $1`,
      [v.visitId],
    );
    expect(['ended', 'cancelled']).toContain(after.rows[0]!.status);
    const refused = await twilioWebhook(
      server.url,
      '/api/twilio/voice/code?attempt=1',
      { CallSid: fakeCallSid(), Digits: v.phoneCode },
    );
    expect(refused.body).not.toContain('<Conference');
  });

  it('texts an invite only after consent to texts is recorded; the text carries the link and nothing clinical', async () => {
    const v = await visitNow(server, DEMO_ADULT);
    const inv = await invite(server, v, {
      role: 'patient',
      displayName: 'Lena Novak',
      phone: '+15555550123',
    });
    const before = twilioApi.requests.length;
    const noConsent = await api(
      server.url,
      'POST',
      `/api/visits/${v.visitId}/participants/${inv.participantId}/sms-invite`,
      { token: v.psychiatrist.token, body: {} },
    );
    expect([noConsent.status, noConsent.body.error.code]).toEqual([
      409,
      'sms_consent_missing',
    ]);
    expect(twilioApi.requests.length).toBe(before);

    expect(
      (
        await api(
          server.url,
          'POST',
          `/api/visits/${v.visitId}/participants/${inv.participantId}/sms-consent`,
          { token: v.psychiatrist.token, body: { phone: '+15555550124' } },
        )
      ).status,
    ).toBe(204);
    const sent = await api(
      server.url,
      'POST',
      `/api/visits/${v.visitId}/participants/${inv.participantId}/sms-invite`,
      { token: v.psychiatrist.token, body: {} },
    );
    expect(sent.status).toBe(201);
    expect(sent.body.messageSid).toMatch(/^SM[0-9a-f]{32}$/);
    const req = twilioApi.requests.at(-1)!;
    expect(req).toMatchObject({
      method: 'POST',
      path: `/2010-04-01/Accounts/${TEST_TWILIO.accountSid}/Messages.json`,
      username: TEST_TWILIO.accountSid,
      password: TEST_TWILIO.authToken,
    });
    expect(req.params).toMatchObject({
      To: '+15555550124',
      From: TEST_TWILIO.fromNumber,
      StatusCallback: `${TEST_TWILIO.publicUrl}/api/twilio/sms/status`,
    });
    expect(req.params.Body).toContain(sent.body.url);
    expect(req.params.Body).not.toMatch(/Lena|Novak|psychiatr|Ortiz|consult/i);
    // The texted link works (and the copied one from before was replaced by it).
    expect(
      (
        await api(server.url, 'POST', '/api/visit/exchange', {
          body: { token: inv.token },
        })
      ).body.error.code,
    ).toBe('invite_revoked');
    expect(
      (
        await api(server.url, 'POST', '/api/visit/exchange', {
          body: {
            token: tokenOf(
              req.params.Body!.split(' ').find((w) => w.includes('#t='))!,
            ),
          },
        })
      ).status,
    ).toBe(200);

    // Twilio refusing the number: a clear error, and no new link left behind.
    twilioApi.failures.set('Messages.json', [
      {
        status: 400,
        code: 21211,
        message: "The 'To' number is not a valid phone number.",
      },
    ]);
    const invitesBefore = (
      await server.services.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM visit_invites WHERE participant_id = $1`,
        [inv.participantId],
      )
    ).rows[0]!.n;
    const failed = await api(
      server.url,
      'POST',
      `/api/visits/${v.visitId}/participants/${inv.participantId}/sms-invite`,
      { token: v.psychiatrist.token, body: {} },
    );
    expect([
      failed.status,
      failed.body.error.code,
      failed.body.error.details,
    ]).toEqual([502, 'sms_send_failed', { twilioCode: 21211 }]);
    expect(
      (
        await server.services.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM visit_invites WHERE participant_id = $1`,
          [inv.participantId],
        )
      ).rows[0]!.n,
    ).toBe(invitesBefore);

    const status = await twilioWebhook(server.url, '/api/twilio/sms/status', {
      MessageSid: sent.body.messageSid,
      MessageStatus: 'delivered',
    });
    expect(status.status).toBe(204);
  });

  it('dials out to an invitee into the conference, and the call status callbacks write its time to the ledger', async () => {
    const v = await visitNow(server, DEMO_ADULT);
    const inv = await invite(server, v, {
      role: 'patient',
      displayName: 'Lena Novak',
      phone: '+15555550125',
    });
    const placed = await api(
      server.url,
      'POST',
      `/api/visits/${v.visitId}/dial-out`,
      {
        token: v.psychiatrist.token,
        body: { participantId: inv.participantId },
      },
    );
    expect(placed.status).toBe(201);
    const req = twilioApi.requests.at(-1)!;
    expect(req.path).toBe(
      `/2010-04-01/Accounts/${TEST_TWILIO.accountSid}/Calls.json`,
    );
    expect(req.params).toMatchObject({
      To: '+15555550125',
      From: TEST_TWILIO.fromNumber,
      StatusCallback: `${TEST_TWILIO.publicUrl}/api/twilio/voice/call-status`,
    });
    expect(req.params.Twiml).toMatch(
      /<Conference startConferenceOnEnter="true"[^>]*>visit-[0-9a-f]{24}<\/Conference>/,
    );

    const callSid = placed.body.callSid as string;
    for (const CallStatus of [
      'ringing',
      'in-progress',
      'in-progress',
      'completed',
      'completed',
    ]) {
      expect(
        (
          await twilioWebhook(server.url, '/api/twilio/voice/call-status', {
            CallSid: callSid,
            CallStatus,
            ...(CallStatus === 'completed' ? { CallDuration: '42' } : {}),
          })
        ).status,
      ).toBe(204);
    }
    const events = await phoneEvents(v.consult.consultId);
    expect(events.map((e) => [e.type, e.details.direction])).toEqual([
      ['phone_call_started', 'dial_out'],
      ['phone_call_ended', 'dial_out'],
    ]);
    expect(events[1]!.details).toMatchObject({
      status: 'completed',
      twilioDurationSeconds: 42,
    });

    const nobody = await api(
      server.url,
      'POST',
      `/api/visits/${v.visitId}/dial-out`,
      {
        token: v.psychiatrist.token,
        body: {
          participantId: (
            await invite(server, v, { role: 'interpreter', displayName: 'I' })
          ).participantId,
        },
      },
    );
    expect([nobody.status, nobody.body.error.code]).toEqual([
      409,
      'no_phone_on_file',
    ]);
  });
});
