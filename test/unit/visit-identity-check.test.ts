import {
  identityClaimSchema,
  identityMatches,
  normalizeName,
  type IdentityClaim,
} from '../../server/visits/identity-check';

const patient = {
  givenName: 'María José',
  familyName: 'Núñez-Rivera',
  birthDate: '2011-04-02',
};

describe('identity check', () => {
  const cases: [string, IdentityClaim, boolean][] = [
    [
      'exact',
      {
        role: 'patient',
        givenName: 'María José',
        familyName: 'Núñez-Rivera',
        birthDate: '2011-04-02',
      },
      true,
    ],
    [
      'no accents, any case, extra spaces',
      {
        role: 'patient',
        givenName: '  maria  jose ',
        familyName: 'NUNEZ RIVERA',
        birthDate: '2011-04-02',
      },
      true,
    ],
    [
      'the family name alone matches',
      {
        role: 'patient',
        givenName: 'Majo',
        familyName: 'Nunez-Rivera',
        birthDate: '2011-04-02',
      },
      true,
    ],
    [
      'neither name matches',
      {
        role: 'patient',
        givenName: 'Ana',
        familyName: 'Lopez',
        birthDate: '2011-04-02',
      },
      false,
    ],
    [
      'wrong birth date',
      {
        role: 'patient',
        givenName: 'María José',
        familyName: 'Núñez-Rivera',
        birthDate: '2011-02-04',
      },
      false,
    ],
    [
      'guardian with the child’s birth date',
      {
        role: 'guardian',
        name: 'Ana Rivera',
        relationship: 'parent',
        patientBirthDate: '2011-04-02',
      },
      true,
    ],
    [
      'guardian with another date',
      {
        role: 'guardian',
        name: 'Ana Rivera',
        relationship: 'parent',
        patientBirthDate: '2011-04-03',
      },
      false,
    ],
    [
      'interpreter (name only)',
      { role: 'interpreter', name: 'Luis Ortega' },
      true,
    ],
  ];
  it.each(cases)('%s', (_l, claim, expected) =>
    expect(identityMatches(claim, patient)).toBe(expected),
  );

  it('normalizes names for comparison', () =>
    expect(normalizeName(" O'Brien-Núñez ")).toBe('o brien nunez'));

  it('says which field is wrong', () => {
    const r = identityClaimSchema.safeParse({
      role: 'patient',
      givenName: 'A',
      familyName: '',
      birthDate: '02/04/2011',
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'birthDate',
      'familyName',
    ]);
  });
});
