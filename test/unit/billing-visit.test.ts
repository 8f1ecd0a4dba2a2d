import { codeVisit } from '../../server/billing/coding-engine';
import type { LineDraft } from '../../server/billing/billing-facts';
import { rulesFor } from '../../server/billing/payer-rules';
import type { VisitFacts } from '../../server/billing/visit-facts';
import { DAY, MIN } from '../support/billing-facts';
import {
  GUARDIAN,
  INTERPRETER,
  PATIENT,
  PSYCH,
  VISIT_DATE,
  VISIT_START,
  callEnded,
  participant,
  phone,
  psychWeb,
  together,
  visitFacts,
  web,
} from '../support/visit-billing-facts';

const main = (f: VisitFacts): LineDraft | undefined =>
  codeVisit(f).lines.find((l) => l.lineKey === `visit:${f.visit.id}`);
const outcomes = (l: LineDraft | undefined) =>
  Object.fromEntries((l?.reasons ?? []).map((r) => [r.rule, r.outcome]));
const noteRules = (f: VisitFacts) => codeVisit(f).notes.map((n) => n.rule);
const em = (o: Partial<VisitFacts> = {}) => visitFacts(o);
const established = [
  {
    kind: 'visit' as const,
    id: 'v-0',
    clinicianId: PSYCH,
    date: '2025-01-10',
  },
];

describe('codeVisit: E/M minimum times at every edge (default payer: telemedicine audio-video)', () => {
  it.each([
    [14, false, null],
    [15, false, '98000'],
    [29, false, '98000'],
    [30, false, '98001'],
    [44, false, '98001'],
    [45, false, '98002'],
    [59, false, '98002'],
    [60, false, '98003'],
    [120, false, '98003'],
    [9, true, null],
    [10, true, '98004'],
    [19, true, '98004'],
    [20, true, '98005'],
    [29, true, '98005'],
    [30, true, '98006'],
    [39, true, '98006'],
    [40, true, '98007'],
  ])('%i min, established %s -> %s', (minutes, est, code) => {
    const f = em({
      callEvents: together(minutes * MIN),
      priorServices: est ? established : [],
    });
    const line = main(f);
    expect(line?.code ?? null).toBe(code);
    if (code) {
      expect(line!.minutes).toBe(minutes);
      expect(outcomes(line)['code.em_time']).toBe('allowed');
      expect(outcomes(line)[est ? 'patient.established' : 'patient.new']).toBe(
        'allowed',
      );
    } else expect(noteRules(f)).toContain('time.under_minimum');
  });

  it('counts completed minutes only: 14 min 59.999 s is not 15', () => {
    const f = em({ callEvents: together(15 * MIN - 1) });
    expect(main(f)).toBeUndefined();
    expect(
      codeVisit(f).notes.find((n) => n.rule === 'time.under_minimum'),
    ).toMatchObject({ data: { minutes: 14, code: '98000' } });
  });

  it.each([
    ['medicare', 15, false, '99202'],
    ['medicare', 44, false, '99203'],
    ['medicare', 60, false, '99205'],
    ['medicare', 10, true, '99212'],
    ['medicare', 40, true, '99215'],
    ['medicaid', 45, false, '99204'],
    ['medicaid', 30, true, '99214'],
  ])(
    '%s takes the office family: %i min, established %s -> %s',
    (payer, minutes, est, code) => {
      const f = em({
        payer,
        rules: rulesFor(payer),
        callEvents: together(minutes * MIN),
        priorServices: est ? established : [],
      });
      expect(main(f)?.code).toBe(code);
    },
  );

  it('never codes 98000-98015 for Medicare, even when a program table says telemedicine', () => {
    const rules = rulesFor('medicare', {
      telehealth: { emFamily: 'telemedicine' },
    });
    const line = main(em({ payer: 'medicare', rules }));
    expect(line!.code).toBe('99203');
    expect(outcomes(line)['em.family_medicare_office']).toBe('allowed');
  });

  it('takes a program override of a minimum time', () => {
    const base = rulesFor('default').telehealth;
    const rules = rulesFor('default', {
      telehealth: {
        telemedicineAudioVideoEm: {
          ...base.telemedicineAudioVideoEm,
          newPatient: [{ code: '98000', fromMinutes: 20 }],
        },
      },
    });
    expect(main(em({ rules, callEvents: together(19 * MIN) }))).toBeUndefined();
    expect(main(em({ rules, callEvents: together(20 * MIN) }))?.code).toBe(
      '98000',
    );
  });
});

describe('codeVisit: psychiatric diagnostic evaluation floor', () => {
  const dx = (minutes: number, medical = false) =>
    em({
      callEvents: together(minutes * MIN),
      attestation: {
        ...visitFacts().attestation!,
        service: medical
          ? 'diagnostic_evaluation_medical'
          : 'diagnostic_evaluation',
      },
    });
  it.each([
    [15, false, null],
    [16, false, '90791'],
    [90, false, '90791'],
    [15, true, null],
    [16, true, '90792'],
  ])('%i min, with medical services %s -> %s', (minutes, medical, code) => {
    const f = dx(minutes, medical);
    expect(main(f)?.code ?? null).toBe(code);
    if (!code) expect(noteRules(f)).toEqual(['time.under_minimum']);
    else
      expect(outcomes(main(f))['code.diagnostic_evaluation']).toBe('allowed');
  });
});

/** location x audio-only x payer x new/established, 30 minutes of E/M. */
const MATRIX = (['home', 'elsewhere'] as const).flatMap((location) =>
  [false, true].flatMap((audioOnly) =>
    ['default', 'medicare', 'medicaid'].flatMap((payer) =>
      [false, true].map((est) => ({ location, audioOnly, payer, est })),
    ),
  ),
);
const EXPECTED_CODE: Record<string, string> = {
  'default|video|new': '98001',
  'default|video|est': '98006',
  'default|audio|new': '98009',
  'default|audio|est': '98014',
  'medicare|video|new': '99203',
  'medicare|video|est': '99214',
  'medicare|audio|new': '99203',
  'medicare|audio|est': '99214',
  'medicaid|video|new': '99203',
  'medicaid|video|est': '99214',
  'medicaid|audio|new': '99203',
  'medicaid|audio|est': '99214',
};
const VIDEO_MODIFIER: Record<string, string[]> = {
  default: ['95'],
  medicare: [],
  medicaid: ['95'],
};

describe('codeVisit: location x audio-only x payer x new/established', () => {
  it.each(MATRIX)(
    '$location, audio only $audioOnly, $payer, established $est',
    ({ location, audioOnly, payer, est }) => {
      const f = visitFacts({
        payer,
        rules: rulesFor(payer),
        participants: [participant(PATIENT, 'patient', { audioOnly })],
        priorServices: est ? established : [],
        attestation: {
          ...visitFacts().attestation!,
          patientLocation: location,
        },
      });
      const line = main(f)!;
      const key = `${payer}|${audioOnly ? 'audio' : 'video'}|${est ? 'est' : 'new'}`;
      expect(line.code).toBe(EXPECTED_CODE[key]);
      expect(line.placeOfService).toBe(location === 'home' ? '10' : '02');
      expect(line.modifiers).toEqual(
        audioOnly ? ['93'] : VIDEO_MODIFIER[payer],
      );
      expect(line.status).toBe('ready');
      expect(line.dateOfService).toBe(VISIT_DATE);
      expect(line.payer).toBe(payer);
      const r = outcomes(line);
      expect(
        r[audioOnly ? 'modality.audio_only' : 'modality.audio_video'],
      ).toBe('allowed');
      expect(r['location.confirmed']).toBe('allowed');
      expect(r[est ? 'patient.established' : 'patient.new']).toBe('allowed');
      expect(r['consent.visit_telehealth']).toBe('allowed');
      expect(r['time.visit']).toBe('counted');
      for (const reason of line.reasons) expect(reason.message).not.toBe('');
    },
  );
});

describe('codeVisit: whose legs count', () => {
  it('a visit without any patient leg produces no line, and a note says why', () => {
    const f = visitFacts({
      participants: [
        participant(PATIENT, 'patient'),
        participant(GUARDIAN, 'guardian'),
      ],
      callEvents: [...psychWeb(0, 30), ...phone(GUARDIAN, 0, 30)],
    });
    expect(codeVisit(f).lines).toEqual([]);
    expect(noteRules(f)).toEqual(['visit.no_patient_leg']);
  });

  it('names an unidentified dial-in caller in the no-patient note', () => {
    const sid = `CA${'0'.repeat(32)}`;
    const f = visitFacts({
      callEvents: [...psychWeb(0, 30), ...phone(sid, 0, 30)],
      phoneLegs: [
        {
          callSid: sid,
          direction: 'dial_in',
          participantId: null,
          staffUserId: null,
        },
      ],
    });
    const note = codeVisit(f).notes[0]!;
    expect(note.rule).toBe('visit.no_patient_leg');
    expect(note.message).toContain('1 phone caller dialled in');
  });

  it('guardian by phone only, patient by video: audio-video', () => {
    const f = visitFacts({
      participants: [
        participant(PATIENT, 'patient'),
        participant(GUARDIAN, 'guardian'),
      ],
      callEvents: [
        ...psychWeb(0, 40),
        ...phone(GUARDIAN, 0, 40),
        ...web(PATIENT, 'patient', 10, 40),
      ],
    });
    const line = main(f)!;
    expect(line.modifiers).toEqual(['95']);
    expect(line.code).toBe('98001');
    // The guardian's 10 minutes before the child joined count as time with the patient's side.
    expect(line.minutes).toBe(40);
  });

  it('every patient leg audio only (phone, then web without video): 93', () => {
    const f = visitFacts({
      participants: [participant(PATIENT, 'patient', { audioOnly: true })],
      callEvents: [
        ...psychWeb(0, 30),
        ...phone(PATIENT, 0, 12),
        ...web(PATIENT, 'patient', 12, 30),
      ],
    });
    expect(main(f)!.modifiers).toEqual(['93']);
    expect(main(f)!.code).toBe('98009');
  });

  it('a single patient video leg makes the visit audio-video', () => {
    const f = visitFacts({
      callEvents: [
        ...psychWeb(0, 30),
        ...phone(PATIENT, 0, 25),
        ...web(PATIENT, 'patient', 25, 30),
      ],
    });
    expect(outcomes(main(f))['modality.audio_video']).toBe('allowed');
  });

  it("counts the psychiatrist's own phone leg, and only time together", () => {
    const sid = `CA${'a'.repeat(32)}`;
    const f = visitFacts({
      participants: [participant(PATIENT, 'patient', { audioOnly: true })],
      callEvents: [...phone(sid, 5, 35), ...web(PATIENT, 'patient', 0, 25)],
      phoneLegs: [
        {
          callSid: sid,
          direction: 'dial_out',
          participantId: null,
          staffUserId: PSYCH,
        },
      ],
    });
    expect(main(f)!.minutes).toBe(20);
    expect(main(f)!.code).toBe('98008');
  });

  it('no time together: no line', () => {
    const f = visitFacts({
      callEvents: [...psychWeb(0, 10), ...web(PATIENT, 'patient', 10, 30)],
    });
    expect(noteRules(f)).toEqual(['visit.clinician_never_with_patient']);
  });

  it('an interpreter alone with the psychiatrist is not time with the patient', () => {
    const f = visitFacts({
      participants: [
        participant(PATIENT, 'patient'),
        participant(INTERPRETER, 'interpreter'),
      ],
      callEvents: [
        ...psychWeb(0, 40),
        ...web(INTERPRETER, 'interpreter', 0, 40),
        ...web(PATIENT, 'patient', 20, 40),
      ],
    });
    expect(main(f)!.minutes).toBe(20);
  });

  it('a call without an end is counted to its last event and noted', () => {
    const f = visitFacts({
      visit: { ...visitFacts().visit, status: 'in_progress' },
      callEvents: together(30 * MIN).filter(
        (e) => e.type !== 'participant_left' || e.participantId === PSYCH,
      ),
    });
    expect(main(f)!.minutes).toBe(30);
    expect(main(f)!.status).toBe('held');
    expect(outcomes(main(f))['visit.not_ended']).toBe('held');
    expect(noteRules(f)).toContain('time.call_unfinished');
  });

  it('a visit closed before anyone was admitted, with phone legs, is over and billable', () => {
    const f = visitFacts({
      visit: { ...visitFacts().visit, status: 'cancelled' },
      callEvents: [...psychWeb(0, 30), ...phone(PATIENT, 0, 30)],
    });
    expect(main(f)!.status).toBe('ready');
    expect(outcomes(main(f))['visit.closed_phone_only']).toBe('allowed');
  });

  it('call_ended closes every open leg', () => {
    const f = visitFacts({
      callEvents: [
        ...psychWeb(0, 50).slice(0, 1),
        ...web(PATIENT, 'patient', 0, 50).slice(0, 1),
        callEnded(25),
      ],
    });
    expect(main(f)!.minutes).toBe(25);
    expect(noteRules(f)).toEqual([]);
  });
});

describe('codeVisit: location, consent, service, status', () => {
  const attest = visitFacts().attestation!;
  it('holds a line whose location the patient reported but nobody confirmed', () => {
    const f = visitFacts({
      attestation: { ...attest, patientLocation: null },
      participants: [
        participant(PATIENT, 'patient', { reportedLocation: 'home' }),
      ],
    });
    expect(main(f)!.placeOfService).toBe('10');
    expect(main(f)!.status).toBe('held');
    expect(outcomes(main(f))['location.unconfirmed']).toBe('held');
  });

  it('takes the guardian answer for a child, and flags it when the payer table does not hold', () => {
    const rules = rulesFor('default', {
      telehealth: { holdUntilLocationConfirmed: false },
    });
    const f = visitFacts({
      rules,
      attestation: { ...attest, patientLocation: null },
      participants: [
        participant(PATIENT, 'patient'),
        participant(GUARDIAN, 'guardian', { reportedLocation: 'elsewhere' }),
      ],
    });
    expect(main(f)!.placeOfService).toBe('02');
    expect(main(f)!.status).toBe('ready');
    expect(outcomes(main(f))['location.unconfirmed']).toBe('info');
  });

  it('holds a line whose location nobody gave', () => {
    const f = visitFacts({ attestation: { ...attest, patientLocation: null } });
    expect(outcomes(main(f))['location.unknown']).toBe('held');
  });

  it('the confirmed location wins over the check-in answer', () => {
    const f = visitFacts({
      attestation: { ...attest, patientLocation: 'elsewhere' },
      participants: [
        participant(PATIENT, 'patient', { reportedLocation: 'home' }),
      ],
    });
    expect(main(f)!.placeOfService).toBe('02');
  });

  it('blocks without any telehealth consent, and cites a documented one', () => {
    const none = visitFacts({ visitConsents: [] });
    expect(outcomes(main(none))['consent.missing']).toBe('blocked');
    expect(main(none)!.status).toBe('blocked');
    const documented = visitFacts({
      visitConsents: [],
      consents: [
        {
          id: 'pc-1',
          kind: 'telehealth',
          consultId: null,
          obtainedAt: VISIT_START - DAY,
          costSharingNoticeGiven: false,
          withdrawnAt: null,
        },
      ],
    });
    expect(main(documented)!.consentId).toBe('pc-1');
    expect(main(documented)!.status).toBe('ready');
  });

  it('an interpreter agreeing is not the patient consenting', () => {
    const f = visitFacts({
      visitConsents: [
        { id: 'vc-9', signerRole: 'interpreter', agreedAt: VISIT_START },
      ],
    });
    expect(outcomes(main(f))['consent.missing']).toBe('blocked');
  });

  it('no service recorded yet: no line, and a note', () => {
    const f = visitFacts({ attestation: null });
    expect(codeVisit(f).lines).toEqual([]);
    expect(noteRules(f)).toEqual(['service.not_recorded']);
  });

  it('no assigned psychiatrist: nobody bills', () => {
    const f = visitFacts({
      visit: { ...visitFacts().visit, billingClinicianId: null },
    });
    expect(noteRules(f)).toEqual(['visit.no_billing_clinician']);
  });

  it('dates the service in the program zone (23:50 in New York is the 12th)', () => {
    const late = Date.parse('2025-05-13T03:50:00Z');
    const off = (late - VISIT_START) / MIN;
    const f = visitFacts({
      callEvents: [
        ...psychWeb(off, off + 30),
        ...web(PATIENT, 'patient', off, off + 30),
      ],
    });
    expect(main(f)!.dateOfService).toBe('2025-05-12');
  });
});

describe('codeVisit: new or established at the edge of the window', () => {
  const prior = (date: string, clinicianId = PSYCH) => [
    { kind: 'encounter' as const, id: 'e-1', clinicianId, date },
  ];
  it.each([
    ['2022-05-12', true],
    ['2022-05-11', false],
    ['2025-05-11', true],
    ['2025-05-12', false],
  ])('a prior service on %s -> established %s', (date, est) => {
    const line = main(visitFacts({ priorServices: prior(date) }))!;
    expect(line.code).toBe(est ? '98006' : '98001');
  });
  it('a service by another clinician leaves the patient new', () => {
    const line = main(visitFacts({ priorServices: prior('2025-01-01', 'x') }))!;
    expect(line.code).toBe('98001');
  });
});

describe('codeVisit: interactive complexity (90785)', () => {
  const withFactors = (
    factors: ('guardian_interference' | 'interpreter')[],
    service:
      | 'diagnostic_evaluation'
      | 'evaluation_management' = 'diagnostic_evaluation',
    rules = rulesFor('default'),
  ) =>
    visitFacts({
      rules,
      attestation: {
        ...visitFacts().attestation!,
        service,
        interactiveComplexity: factors,
      },
    });

  it("adds 90785 to 90791 when a guardian's interference is documented", () => {
    const r = codeVisit(withFactors(['guardian_interference']));
    expect(r.lines.map((l) => [l.code, l.placeOfService, l.modifiers])).toEqual(
      [
        ['90791', '10', ['95']],
        ['90785', '10', ['95']],
      ],
    );
    expect(outcomes(r.lines[1])['complexity.documented']).toBe('allowed');
  });

  it('an interpreter alone is not accepted by default, and says so', () => {
    const f = withFactors(['interpreter']);
    expect(codeVisit(f).lines.map((l) => l.code)).toEqual(['90791']);
    expect(noteRules(f)).toEqual(['complexity.factor_not_accepted']);
  });

  it('a program that is paid for interpreters adds them to the table', () => {
    const rules = rulesFor('default', {
      telehealth: {
        interactiveComplexityFactors: ['guardian_interference', 'interpreter'],
      },
    });
    const f = withFactors(['interpreter'], 'diagnostic_evaluation', rules);
    expect(codeVisit(f).lines.map((l) => l.code)).toEqual(['90791', '90785']);
  });

  it('is not added to an E/M alone', () => {
    const f = withFactors(['guardian_interference'], 'evaluation_management');
    expect(codeVisit(f).lines.map((l) => l.code)).toEqual(['98001']);
    expect(noteRules(f)).toEqual(['complexity.not_with_em']);
  });
});
