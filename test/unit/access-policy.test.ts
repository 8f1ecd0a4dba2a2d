import {
  ACCESS_POLICY,
  type ConsultAccessFacts,
  decide,
  type Resource,
} from '../../server/auth/access-policy';
import {
  REFUSAL_CODES,
  REFUSAL_SENTENCES,
  refusal,
} from '../../server/auth/access-refusals';
import { ROLES, type Principal, type Role } from '../../server/auth/roles';

const who = (userId: string, role: Role, practiceId = 'prac-1'): Principal => ({
  kind: 'user',
  userId,
  role,
  programId: 'prog-1',
  practiceId,
  sessionId: 's',
  displayName: userId,
});

const consult: ConsultAccessFacts = {
  programId: 'prog-1',
  practiceId: 'prac-1',
  requestedBy: 'pcp-1',
  assignedPsychiatristId: 'psy-1',
  offeredTo: ['psy-2'],
};

const reason = (r: Resource, p: Principal, f = consult) => {
  const d = decide(r, p, f);
  return d.allowed ? 'allowed' : d.reason;
};

describe('access policy table', () => {
  it('names a scope for every resource and role', () => {
    for (const rules of Object.values(ACCESS_POLICY))
      expect(Object.keys(rules).sort()).toEqual([...ROLES].sort());
  });

  it.each([
    ['consult', who('pcp-9', 'pcp'), 'allowed'],
    ['consult', who('pcp-9', 'pcp', 'prac-2'), 'other_practice'],
    ['consult', who('psy-2', 'psychiatrist'), 'allowed'],
    ['consult', who('psy-3', 'psychiatrist'), 'not_offered_or_assigned'],
    ['consult', who('c', 'coordinator'), 'allowed'],
    ['consult', who('b', 'biller'), 'allowed'],
    ['visit', who('pcp-1', 'pcp'), 'allowed'],
    ['visit', who('pcp-9', 'pcp'), 'not_requesting_pcp'],
    ['visit', who('psy-2', 'psychiatrist'), 'not_assigned'],
    ['visit', who('c', 'coordinator'), 'not_a_consult_clinician'],
    ['call', who('a', 'admin'), 'allowed'],
    ['call', who('pcp-9', 'pcp'), 'not_requesting_pcp'],
    ['call_media', who('a', 'admin'), 'not_a_consult_clinician'],
    ['call_media', who('psy-1', 'psychiatrist'), 'allowed'],
    ['report_authoring', who('psy-2', 'psychiatrist'), 'not_assigned'],
    ['report_authoring', who('psy-1', 'psychiatrist'), 'allowed'],
    ['consult_time', who('pcp-1', 'pcp'), 'allowed'],
    ['consult', who('cm-1', 'care_manager'), 'not_a_consult_clinician'],
    ['patient', who('cm-1', 'care_manager'), 'allowed'],
    ['patient', who('cm-1', 'care_manager', 'prac-2'), 'other_practice'],
    ['consult_time', who('pcp-9', 'pcp'), 'not_requesting_pcp'],
    // A care manager runs the visit and call of their own video contacts
    // (the consults they requested), nobody else's.
    ['visit', who('pcp-1', 'care_manager'), 'allowed'],
    ['visit', who('cm-2', 'care_manager'), 'not_requesting_pcp'],
    ['call_media', who('pcp-1', 'care_manager'), 'allowed'],
    ['call_media', who('cm-2', 'care_manager'), 'not_requesting_pcp'],
    ['call', who('cm-2', 'care_manager'), 'not_a_consult_clinician'],
    ['econsult_thread', who('pcp-1', 'pcp'), 'allowed'],
    ['econsult_thread', who('pcp-9', 'pcp'), 'not_requesting_pcp'],
  ] as [Resource, Principal, string][])('%s for %o: %s', (r, p, expected) => {
    expect(reason(r, p)).toBe(expected);
  });

  it('refuses another program first, whatever the role', () => {
    for (const r of Object.keys(ACCESS_POLICY) as Resource[])
      for (const role of ROLES)
        expect(
          reason(r, who('psy-1', role), { ...consult, programId: 'prog-2' }),
        ).toBe('other_program');
  });

  it('lets a psychiatrist see a patient only through a consult', () => {
    const patient = { programId: 'prog-1', practiceId: 'prac-1' };
    expect(
      reason('patient', who('psy-1', 'psychiatrist'), patient as never),
    ).toBe('no_consult_with_patient');
    expect(
      reason('patient', who('psy-1', 'psychiatrist'), {
        ...patient,
        psychiatristLinked: true,
      } as never),
    ).toBe('allowed');
  });

  it("lets a BH clinician read screenings of a patient they treat, not the chart's other rows", () => {
    const patient = { programId: 'prog-1', practiceId: 'prac-1' };
    const bh = who('bh-1', 'bh_clinician');
    expect(reason('screening', bh, patient as never)).toBe(
      'not_treating_patient',
    );
    for (const link of ['psychiatristLinked', 'episodeLinked'])
      expect(
        reason('screening', bh, { ...patient, [link]: true } as never),
      ).toBe('allowed');
    // An episode alone opens screenings only; the chart stays consult-linked.
    expect(
      reason('patient', bh, { ...patient, episodeLinked: true } as never),
    ).toBe('no_consult_with_patient');
  });

  it('refuses with one sentence per reason and the resource code', () => {
    const sentences = Object.values(REFUSAL_SENTENCES);
    expect(new Set(sentences).size).toBe(sentences.length);
    const e = refusal('visit', 'not_assigned');
    expect(e.toJSON()).toEqual({
      error: {
        code: REFUSAL_CODES.visit,
        message: REFUSAL_SENTENCES.not_assigned,
        details: { reason: 'not_assigned' },
      },
    });
  });
});

describe('registry scope: the care team and the program coordinators', () => {
  const row = { programId: 'prog-1', careTeam: ['pcp-1', 'cm-1', 'psy-1'] };
  it.each([
    [who('pcp-1', 'pcp'), 'allowed'],
    [who('pcp-2', 'pcp'), 'not_on_care_team'],
    [who('cm-1', 'care_manager'), 'allowed'],
    [who('cm-2', 'care_manager'), 'not_on_care_team'],
    [who('psy-1', 'psychiatrist'), 'allowed'],
    [who('psy-2', 'psychiatrist'), 'not_on_care_team'],
    [who('c', 'coordinator'), 'allowed'],
    [who('b', 'biller'), 'not_a_consult_clinician'],
    [who('a', 'admin'), 'not_a_consult_clinician'],
    [{ ...who('c', 'coordinator'), programId: 'prog-2' }, 'other_program'],
  ] as const)('%o -> %s', (p, expected) => {
    const d = decide('registry', p, row);
    expect(d.allowed ? 'allowed' : d.reason).toBe(expected);
  });
});
