import { phoneLines } from '../../client/src/call-view/phone-lines';

type Leg = Parameters<typeof phoneLines>[0][number];
const leg = (
  direction: Leg['direction'],
  status: string,
  participantId: string | null = null,
): Leg => ({
  callSid: `CA${status}${participantId ?? ''}`,
  direction,
  participantId,
  status,
});
const INVITEE = '00000000-0000-4000-8000-000000000001';

/** What the clinician's phone panel says about the visit's phone legs. */
describe('phone lines of a visit', () => {
  it.each([
    [
      'nobody on the phone',
      [],
      { callersOnHold: 0, clinicianPhoneUp: false, ringing: [] },
    ],
    [
      'a caller typed the code',
      [leg('dial_in', 'code_accepted')],
      { callersOnHold: 1, clinicianPhoneUp: false, ringing: [] },
    ],
    [
      'two callers in the conference, nobody joined',
      [leg('dial_in', 'conference_join'), leg('dial_in', 'code_accepted')],
      { callersOnHold: 2, clinicianPhoneUp: false, ringing: [] },
    ],
    [
      "the clinician's phone is still ringing",
      [leg('dial_in', 'code_accepted'), leg('dial_out', 'ringing')],
      { callersOnHold: 1, clinicianPhoneUp: false, ringing: [] },
    ],
    [
      'the clinician answered: nobody is on hold',
      [leg('dial_in', 'code_accepted'), leg('dial_out', 'in-progress')],
      { callersOnHold: 0, clinicianPhoneUp: true, ringing: [] },
    ],
    [
      'an invitee is being rung',
      [leg('dial_out', 'ringing', INVITEE)],
      { callersOnHold: 0, clinicianPhoneUp: false, ringing: [INVITEE] },
    ],
    [
      "an invitee answered: the conference started, not the clinician's phone",
      [
        leg('dial_in', 'code_accepted'),
        leg('dial_out', 'conference_join', INVITEE),
      ],
      { callersOnHold: 0, clinicianPhoneUp: false, ringing: [] },
    ],
  ] as const)('%s', (_case, legs, expected) => {
    const r = phoneLines(legs as readonly Leg[]);
    expect({ ...r, ringing: [...r.ringing] }).toEqual(expected);
  });
});
