import twilio from 'twilio';
import type { AppError } from '../../server/errors';
import { TwilioWebhookReceiver } from '../../server/telephony/webhook-receiver';

const TOKEN = 'unit-auth-token-0123456789';
const PUBLIC = 'https://psych.example.org';
const CALL_SID = `CA${'b'.repeat(32)}`;

/** Real signatures from the twilio helper, checked by the real validateRequest. */
describe('Twilio webhook receiver', () => {
  const receiver = new TwilioWebhookReceiver(TOKEN, PUBLIC);
  const sign = (
    path: string,
    params: Record<string, string>,
    token = TOKEN,
    base = PUBLIC,
  ) => twilio.getExpectedTwilioSignature(token, base + path, params);
  const codeOf = (fn: () => unknown) => {
    try {
      fn();
      return 'accepted';
    } catch (e) {
      return (e as AppError).code;
    }
  };

  it('accepts a correctly signed request and hands back a typed event', () => {
    const params = {
      CallSid: CALL_SID,
      CallStatus: 'completed',
      CallDuration: '61',
      AccountSid: 'ACx',
    };
    const e = receiver.receive(
      'voice.call_status',
      '/api/twilio/voice/call-status',
      sign('/api/twilio/voice/call-status', params),
      params,
    );
    expect(e).toEqual({
      CallSid: CALL_SID,
      CallStatus: 'completed',
      CallDuration: 61,
    });
  });

  it('signs over PUBLIC_URL plus the exact path and query', () => {
    const params = { CallSid: CALL_SID };
    const path = '/api/twilio/voice/code?attempt=2';
    expect(
      codeOf(() =>
        receiver.receive('voice.incoming', path, sign(path, params), params),
      ),
    ).toBe('accepted');
    expect(
      codeOf(() =>
        receiver.receive(
          'voice.incoming',
          '/api/twilio/voice/code?attempt=3',
          sign(path, params),
          params,
        ),
      ),
    ).toBe('twilio_signature_invalid');
    expect(
      codeOf(() =>
        receiver.receive(
          'voice.incoming',
          path,
          sign(path, params, TOKEN, 'http://127.0.0.1:3000'),
          params,
        ),
      ),
    ).toBe('twilio_signature_invalid');
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['from another account', 'other'],
  ])('refuses a %s signature', (_l, kind) => {
    const params = { CallSid: CALL_SID };
    const sig = kind === 'other' ? sign('/x', params, 'another-token') : kind;
    expect(
      codeOf(() => receiver.receive('voice.incoming', '/x', sig, params)),
    ).toBe('twilio_signature_invalid');
  });

  it('refuses a signed payload that is not what the event expects', () => {
    const params = { CallSid: 'not-a-sid' };
    expect(
      codeOf(() =>
        receiver.receive('voice.incoming', '/x', sign('/x', params), params),
      ),
    ).toBe('twilio_payload_invalid');
  });

  it('cannot verify anything without PUBLIC_URL', () => {
    const params = { CallSid: CALL_SID };
    expect(
      codeOf(() =>
        new TwilioWebhookReceiver(TOKEN, null).receive(
          'voice.incoming',
          '/x',
          sign('/x', params),
          params,
        ),
      ),
    ).toBe('public_url_not_configured');
  });
});
