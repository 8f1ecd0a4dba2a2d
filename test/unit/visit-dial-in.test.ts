import type { Participant, Visit } from '../../server/visits/visit';
import { ownState } from '../../server/visits/visit-lobby';
import { dialInNumber } from '../../server/telephony/twilio-settings';
import { loadConfig } from '../../server/config';

/** When a visitor is shown the phone fallback (number and visit code), as a table. */
const at = new Date('2025-03-01T15:00:00Z');
const visit: Visit = {
  id: 'v1',
  consultId: 'c1',
  programId: 'p1',
  patientId: 'pt1',
  createdBy: 'u1',
  scheduledAt: at,
  status: 'in_progress',
  phoneCode: '12345678',
  conferenceName: 'visit-x',
  createdAt: at,
  endedAt: null,
};
const person: Participant = {
  id: 'pa1',
  visitId: 'v1',
  role: 'patient',
  displayName: 'x',
  language: 'en',
  state: 'waiting',
  stateChangedAt: at,
  removedReason: null,
  phoneE164: null,
  smsConsentAt: null,
  identityConfirmedAt: at,
  identityFailures: 0,
  confirmedName: null,
  relationship: null,
  audioOnly: false,
  createdAt: at,
};
const NUMBER = '+15555550100';

describe("the dial-in fallback in a visitor's own state", () => {
  it.each([
    [
      'a confirmed visitor in a live visit',
      {},
      {},
      NUMBER,
      { number: NUMBER, code: '12345678' },
    ],
    [
      'a scheduled visit not yet started',
      { status: 'scheduled' },
      {},
      NUMBER,
      { number: NUMBER, code: '12345678' },
    ],
    [
      'identity not confirmed yet',
      {},
      { identityConfirmedAt: null, state: 'checking_in' },
      NUMBER,
      null,
    ],
    [
      'removed from the visit',
      {},
      { state: 'removed', removedReason: 'wrong_person' },
      NUMBER,
      null,
    ],
    ['the visit ended', { status: 'ended' }, {}, NUMBER, null],
    ['the visit was cancelled', { status: 'cancelled' }, {}, NUMBER, null],
    ['no phone dial-in on this deployment', {}, {}, null, null],
  ] as const)('%s', (_case, v, p, number, expected) => {
    const state = ownState(
      { ...visit, ...v } as Visit,
      { ...person, ...p } as Participant,
      [],
      false,
      number,
    );
    expect(state.dialIn).toEqual(expected);
  });

  it('needs Twilio, the number and PUBLIC_URL (the voice webhook is signed over it)', () => {
    const twilio = {
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'token',
      TWILIO_FROM_NUMBER: NUMBER,
      PUBLIC_URL: 'https://visits.example.test',
    };
    const cfg = (env: Record<string, string>) => loadConfig(env);
    expect(dialInNumber(cfg(twilio))).toBe(NUMBER);
    expect(dialInNumber(cfg({}))).toBeNull();
    const { PUBLIC_URL: _u, ...noUrl } = twilio;
    expect(dialInNumber(cfg(noUrl))).toBeNull();
    const { TWILIO_FROM_NUMBER: _n, ...noNumber } = twilio;
    expect(dialInNumber(cfg(noNumber))).toBeNull();
  });
});
