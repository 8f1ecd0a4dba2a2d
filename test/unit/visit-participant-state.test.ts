import { IllegalTransitionError } from '../../server/errors';
import {
  admissionBlockers,
  checkInBlockers,
  nextParticipantState,
  type AdmissionFacts,
  type ParticipantAction,
  type ParticipantState,
} from '../../server/visits/participant-state';
import {
  nextVisitStatus,
  type VisitAction,
  type VisitStatus,
} from '../../server/visits/visit-status';

describe('participant state machine', () => {
  const allowed: [ParticipantState, ParticipantAction, ParticipantState][] = [
    ['invited', 'exchange', 'checking_in'],
    ['invited', 'remove', 'removed'],
    ['checking_in', 'exchange', 'checking_in'],
    ['checking_in', 'enter_waiting_room', 'waiting'],
    ['waiting', 'admit', 'admitted'],
    ['waiting', 'exchange', 'waiting'],
    ['admitted', 'return_to_waiting', 'waiting'],
    ['admitted', 'exchange', 'admitted'],
    ['admitted', 'remove', 'removed'],
  ];
  it.each(allowed)('%s --%s--> %s', (from, action, to) =>
    expect(nextParticipantState(from, action)).toBe(to),
  );

  const refused: [ParticipantState, ParticipantAction][] = [
    ['invited', 'admit'],
    ['invited', 'enter_waiting_room'],
    ['checking_in', 'admit'],
    ['waiting', 'return_to_waiting'],
    ['removed', 'exchange'],
    ['removed', 'admit'],
    ['removed', 'remove'],
  ];
  it.each(refused)('refuses %s --%s-->', (from, action) => {
    expect(() => nextParticipantState(from, action)).toThrow(
      IllegalTransitionError,
    );
  });
});

describe('visit status machine', () => {
  const table: [VisitStatus, VisitAction, VisitStatus | 'illegal'][] = [
    ['scheduled', 'admit_first', 'in_progress'],
    ['scheduled', 'cancel', 'cancelled'],
    ['in_progress', 'admit_first', 'in_progress'],
    ['in_progress', 'end', 'ended'],
    ['in_progress', 'cancel', 'illegal'],
    ['ended', 'admit_first', 'illegal'],
    ['cancelled', 'end', 'illegal'],
  ];
  it.each(table)('%s --%s--> %s', (from, action, to) => {
    if (to === 'illegal')
      expect(() => nextVisitStatus(from, action)).toThrow(
        IllegalTransitionError,
      );
    else expect(nextVisitStatus(from, action)).toBe(to);
  });
});

describe('admission rule', () => {
  const base: AdmissionFacts = {
    role: 'patient',
    state: 'waiting',
    identityConfirmed: true,
    consents: ['telehealth'],
    patientIsMinor: false,
    guardianConsentInVisit: false,
  };
  const cases: [string, Partial<AdmissionFacts>, string[]][] = [
    ['an adult who checked in', {}, []],
    ['not yet waiting', { state: 'checking_in' }, ['not_waiting']],
    [
      'identity not confirmed',
      { identityConfirmed: false },
      ['identity_not_confirmed'],
    ],
    ['no telehealth consent', { consents: [] }, ['telehealth_consent_missing']],
    [
      'a minor without a guardian consent',
      { patientIsMinor: true },
      ['guardian_consent_missing'],
    ],
    [
      'a minor whose guardian consented',
      { patientIsMinor: true, guardianConsentInVisit: true },
      [],
    ],
    [
      'a guardian of a minor with only telehealth',
      { role: 'guardian', patientIsMinor: true },
      ['guardian_consent_missing'],
    ],
    [
      'a guardian of a minor with both',
      {
        role: 'guardian',
        patientIsMinor: true,
        consents: ['telehealth', 'guardian_for_minor'],
      },
      [],
    ],
    [
      'an interpreter without the confidentiality pledge',
      { role: 'interpreter', consents: [] },
      ['interpreter_confidentiality_missing'],
    ],
    [
      'an interpreter with it',
      { role: 'interpreter', consents: ['interpreter_confidentiality'] },
      [],
    ],
  ];
  it.each(cases)('%s', (_label, patch, blockers) =>
    expect(admissionBlockers({ ...base, ...patch })).toEqual(blockers),
  );

  it('lets a minor wait before a guardian consents (only admission needs it)', () => {
    expect(checkInBlockers({ ...base, patientIsMinor: true })).toEqual([]);
  });
});
