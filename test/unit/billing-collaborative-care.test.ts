import { codePatientMonth } from '../../server/billing/coding-engine';
import type { PatientMonthFacts } from '../../server/billing/billing-facts';
import { rulesFor } from '../../server/billing/payer-rules';
import {
  CARE_MANAGER,
  CONSULTANT,
  MIN,
  PCP,
  at,
  careTime,
  entry,
  monthFacts,
} from '../support/billing-facts';

const codes = (f: PatientMonthFacts) =>
  codePatientMonth(f)
    .lines.map(
      (l) =>
        `${l.code}${l.units > 1 ? `x${l.units}` : ''}${l.status === 'ready' ? '' : `(${l.status})`}`,
    )
    .sort();
const later = (over: Partial<PatientMonthFacts> = {}) =>
  monthFacts({ month: '2025-04', ...over });
const medicare = { payer: 'medicare', rules: rulesFor('medicare') };

describe('collaborative care: first month (99492) and later months (99493)', () => {
  it.each([
    [35, []],
    [36, ['99492']],
    [70, ['99492']],
  ])('first month, %i min -> %j', (minutes, expected) => {
    expect(
      codes(monthFacts({ ledger: [careTime('2025-03-10', minutes)] })),
    ).toEqual(expected);
  });

  it.each([
    [30, []],
    [31, ['99493']],
    [60, ['99493']],
  ])('later month, %i min -> %j', (minutes, expected) => {
    expect(codes(later({ ledger: [careTime('2025-04-10', minutes)] }))).toEqual(
      expected,
    );
  });

  it('bills the treating practitioner of the enrollment, dated the last day with counted time', () => {
    const [line] = codePatientMonth(
      monthFacts({
        ledger: [careTime('2025-03-10', 20), careTime('2025-03-24', 20)],
      }),
    ).lines;
    expect(line).toMatchObject({
      code: '99492',
      billingClinicianId: PCP,
      billingClinicianNpi: '1000000001',
      dateOfService: '2025-03-24',
      minutes: 40,
      consentId: 'consent-cocm',
      lineKey: 'cocm:patient-1:2025-03:primary',
    });
  });
});

describe('99494 add-on and the midpoint rule', () => {
  it.each([
    [85, ['99492']],
    [86, ['99492', '99494']],
    [115, ['99492', '99494']],
    [116, ['99492', '99494x2']],
  ])('first month, %i min -> %j', (minutes, expected) => {
    expect(
      codes(monthFacts({ ledger: [careTime('2025-03-10', minutes)] })),
    ).toEqual(expected);
  });

  it.each([
    [75, ['99493']],
    [76, ['99493', '99494']],
    [106, ['99493', '99494x2']],
  ])('later month, %i min -> %j', (minutes, expected) => {
    expect(codes(later({ ledger: [careTime('2025-04-10', minutes)] }))).toEqual(
      expected,
    );
  });
});

describe('G2214 (payers that use it)', () => {
  it.each([
    [15, []],
    [16, ['G2214']],
    [30, ['G2214']],
    [31, ['99493']],
  ])('Medicare later month, %i min -> %j', (minutes, expected) => {
    expect(
      codes(later({ ...medicare, ledger: [careTime('2025-04-10', minutes)] })),
    ).toEqual(expected);
  });

  it('covers 31-35 min in a first month under Medicare, and never for a payer without it', () => {
    expect(
      codes(monthFacts({ ...medicare, ledger: [careTime('2025-03-10', 33)] })),
    ).toEqual(['G2214']);
    expect(codes(monthFacts({ ledger: [careTime('2025-03-10', 33)] }))).toEqual(
      [],
    );
  });
});

describe('99484 (general BHI) and its exclusion with collaborative care', () => {
  const bhiOnly = {
    enrollments: [
      {
        id: 'b',
        kind: 'bhi' as const,
        startDate: '2025-01-01',
        endDate: null,
        billingClinicianId: PCP,
      },
    ],
  };
  it.each([
    [19, []],
    [20, ['99484']],
  ])('%i min -> %j', (minutes, expected) => {
    expect(
      codes(later({ ...bhiOnly, ledger: [careTime('2025-04-10', minutes)] })),
    ).toEqual(expected);
  });

  it('never bills 99484 in a month with a collaborative-care code for the same patient', () => {
    const both = later({
      enrollments: [
        {
          id: 'c',
          kind: 'cocm',
          startDate: '2025-03-01',
          endDate: '2025-04-15',
          billingClinicianId: PCP,
        },
        {
          id: 'b',
          kind: 'bhi',
          startDate: '2025-04-16',
          endDate: null,
          billingClinicianId: PCP,
        },
      ],
      ledger: [careTime('2025-04-10', 40), careTime('2025-04-20', 25)],
    });
    expect(codes(both)).toEqual(['99484(blocked)', '99493']);
    const bhi = codePatientMonth(both).lines.find((l) => l.code === '99484')!;
    expect(
      bhi.reasons.find((r) => r.rule === 'exclusion.bhi_same_month')!.outcome,
    ).toBe('blocked');
  });

  it('blocks collaborative care when 99484 was already billed that month elsewhere', () => {
    const f = later({
      ledger: [careTime('2025-04-10', 40)],
      priorLines: [
        {
          lineKey: 'external:1',
          code: '99484',
          dateOfService: '2025-04-02',
          consultId: null,
          status: 'ready',
        },
      ],
    });
    expect(codes(f)).toEqual(['99493(blocked)']);
  });
});

describe('calendar-month boundaries (program time zone)', () => {
  it('splits an interval crossing local midnight at the end of the month', () => {
    const crossing = entry(
      'care_manager',
      'care_management',
      at('2025-03-31', '23:30'),
      60,
    );
    const march = monthFacts({ ledger: [crossing, careTime('2025-03-10', 5)] });
    const april = later({ ledger: [crossing, careTime('2025-04-10', 30)] });
    expect(codePatientMonth(march).lines).toEqual([]);
    expect(codePatientMonth(march).notes[0]!.message).toContain('35 min');
    expect(codes(april)).toEqual(['99493']);
    expect(codePatientMonth(april).lines[0]!.minutes).toBe(60);
  });

  it('uses the local date, not UTC: 21:00 Eastern on March 31 is March', () => {
    const lateLocal = entry(
      'care_manager',
      'care_management',
      at('2025-03-31', '21:00'),
      40,
      { anchored: false },
    );
    expect(codes(monthFacts({ ledger: [lateLocal] }))).toEqual(['99492']);
    expect(codes(later({ ledger: [lateLocal] }))).toEqual([]);
  });

  it('counts nothing before the enrollment starts', () => {
    expect(
      codes(
        monthFacts({
          ledger: [careTime('2025-03-01', 30), careTime('2025-03-05', 30)],
        }),
      ),
    ).toEqual([]);
  });

  it('holds the month while it is still open', () => {
    const open = monthFacts({
      ledger: [careTime('2025-03-10', 40)],
      now: at('2025-03-20'),
    });
    expect(codes(open)).toEqual(['99492(held)']);
    expect(codes({ ...open, now: at('2025-04-01', '00:01') })).toEqual([
      '99492',
    ]);
  });
});

describe('whose time counts', () => {
  const team = [
    careTime('2025-03-10', 20),
    {
      ...entry('consultant', 'care_management', at('2025-03-11'), 20),
      clinicianId: CONSULTANT,
    },
  ];
  it('counts only the care manager by default, the whole team where the payer says so', () => {
    expect(codes(monthFacts({ ledger: team }))).toEqual([]);
    expect(
      codes(
        monthFacts({
          ledger: team,
          rules: rulesFor('default', {
            collaborativeCare: { countTeamTime: true },
          }),
        }),
      ),
    ).toEqual(['99492']);
  });

  it('counts one care manager overlapping themselves once, two care managers both', () => {
    const a = careTime('2025-03-10', 30);
    const b = careTime('2025-03-10', 30);
    expect(
      codePatientMonth(
        monthFacts({ ledger: [a, b, careTime('2025-03-11', 5)] }),
      ).lines,
    ).toEqual([]);
    expect(
      codes(monthFacts({ ledger: [a, { ...b, clinicianId: 'cm-2' }] })),
    ).toEqual(['99492']);
  });

  it('ignores interprofessional consult time', () => {
    expect(
      codes(
        monthFacts({
          ledger: [
            {
              ...entry('care_manager', 'chart_review', at('2025-03-10'), 50),
              clinicianId: CARE_MANAGER,
            },
          ],
        }),
      ),
    ).toEqual([]);
  });
});

describe('consent for collaborative care', () => {
  it('blocks without a documented consent with cost-sharing notice', () => {
    expect(
      codes(monthFacts({ ledger: [careTime('2025-03-10', 40)], consents: [] })),
    ).toEqual(['99492(blocked)']);
  });

  it('does not need the notice where the payer has no cost sharing (Medicaid)', () => {
    const f = monthFacts({
      payer: 'medicaid',
      rules: rulesFor('medicaid'),
      ledger: [careTime('2025-03-10', 40)],
      consents: [
        {
          id: 'c',
          kind: 'collaborative_care',
          consultId: null,
          obtainedAt: at('2025-03-03'),
          costSharingNoticeGiven: false,
          withdrawnAt: null,
        },
      ],
    });
    expect(codes(f)).toEqual(['99492']);
  });

  it('counts minutes as whole minutes only', () => {
    const almost = {
      ...careTime('2025-03-10', 36),
      endedAt: careTime('2025-03-10', 36).endedAt! - 1000,
    };
    expect(codes(monthFacts({ ledger: [almost] }))).toEqual([]);
    expect(MIN).toBe(60_000);
  });
});
