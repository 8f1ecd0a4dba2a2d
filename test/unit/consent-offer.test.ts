import { consentKindsOffered } from '../../server/visits/consent-offer';
import { consentText } from '../../server/visits/consent-texts';

describe('consentKindsOffered', () => {
  const base = {
    patientIsMinor: true,
    guardianInvited: false,
    guardianConsented: false,
  };
  it.each([
    [
      'adult patient',
      { role: 'patient', patientIsMinor: false },
      ['telehealth'],
    ],
    [
      'minor alone (a parent may be on the same phone)',
      { role: 'patient' },
      ['telehealth', 'guardian_for_minor'],
    ],
    [
      'minor whose guardian has a link',
      { role: 'patient', guardianInvited: true },
      ['telehealth'],
    ],
    [
      'minor whose guardian already consented',
      { role: 'patient', guardianConsented: true },
      ['telehealth'],
    ],
    [
      'guardian of a minor',
      { role: 'guardian', guardianInvited: true },
      ['telehealth', 'guardian_for_minor'],
    ],
    ['interpreter', { role: 'interpreter' }, ['interpreter_confidentiality']],
  ] as const)('%s', (_name, facts, kinds) => {
    expect(consentKindsOffered({ ...base, ...facts })).toEqual(kinds);
  });
});

describe('the guardian consent text', () => {
  it.each(['en', 'es'] as const)(
    'shown in %s is the version with the cost-sharing notice',
    (lang) => {
      const t = consentText('guardian_for_minor', lang);
      expect([t.version, t.costSharingNotice]).toEqual([
        'guardian-2026-12',
        true,
      ]);
    },
  );
});
