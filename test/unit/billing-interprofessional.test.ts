import { codeConsult } from '../../server/billing/coding-engine';
import type {
  ConsultBillingFacts,
  LineDraft,
} from '../../server/billing/billing-facts';
import { rulesFor } from '../../server/billing/payer-rules';
import {
  CONSULTANT,
  DAY,
  MIN,
  PCP,
  REQUESTED_AT,
  REQUEST_DATE,
  call,
  consent,
  consultFacts,
  encounter,
  entry,
  phoneCall,
  priorLine,
} from '../support/billing-facts';
import { addDays } from '../../server/billing/calendar-days';

const consultantLine = (f: ConsultBillingFacts): LineDraft | undefined =>
  codeConsult(f).lines.find((l) => l.lineKey.endsWith(':consultant'));
const requestingLine = (f: ConsultBillingFacts): LineDraft | undefined =>
  codeConsult(f).lines.find((l) => l.lineKey.endsWith(':requesting'));
const rules = (l: LineDraft | undefined) =>
  Object.fromEntries((l?.reasons ?? []).map((r) => [r.rule, r.outcome]));

describe('interprofessional bands by consultant minutes (verbal + written, all discussion)', () => {
  it.each([
    [4, null],
    [5, '99446'],
    [10, '99446'],
    [11, '99447'],
    [20, '99447'],
    [21, '99448'],
    [30, '99448'],
    [31, '99449'],
    [75, '99449'],
  ])('%i minutes of call -> %s', (minutes, code) => {
    const result = codeConsult(consultFacts({ callEvents: call(minutes) }));
    const line = result.lines.find((l) => l.lineKey.endsWith(':consultant'));
    expect(line?.code ?? null).toBe(code);
    if (code) {
      expect(line!.status).toBe('ready');
      expect(line!.minutes).toBe(minutes);
      expect(line!.billingClinicianId).toBe(CONSULTANT);
      expect(line!.dateOfService).toBe(REQUEST_DATE);
      expect(line!.placeOfService).toBe('11');
      expect(
        line!.reasons.find((r) => r.rule === 'code.band')!.message,
      ).toContain(`${minutes} min`);
    } else {
      expect(result.notes.map((n) => n.rule)).toContain('time.under_minimum');
    }
  });

  it('counts only completed minutes (4 min 59 s is under the minimum)', () => {
    const events = call(5);
    events[3]!.at -= 1000; // consultant leaves one second early
    expect(
      consultantLine(consultFacts({ callEvents: events })),
    ).toBeUndefined();
  });

  it('is cumulative over every contact for the request (two calls, a phone call and off-call work)', () => {
    const f = consultFacts({
      callEvents: [
        ...call(4),
        ...call(3, REQUESTED_AT + 2 * 3600_000),
        ...phoneCall(3, REQUESTED_AT + 3 * 3600_000),
      ],
      ledger: [
        entry('consultant', 'chart_review', REQUESTED_AT + 5 * 3600_000, 2),
      ],
    });
    const line = consultantLine(f)!;
    expect(line.code).toBe('99447');
    expect(line.minutes).toBe(12);
  });
});

describe('a behavioral health clinician is never the psychiatric consultant', () => {
  const asAnsweredBy = (
    consultantRole: 'psychiatrist' | 'bh_clinician',
    minutes: number,
  ) =>
    consultFacts({
      consult: { ...consultFacts().consult, consultantRole },
      callEvents: call(minutes),
      ledger: [entry('consultant', 'chart_review', REQUESTED_AT, 5)],
    });
  it.each([10, 15, 25, 45])(
    '%i minutes of call: a psychiatrist codes 99446-99449, a BH clinician nothing, with the reason',
    (minutes) => {
      expect(
        consultantLine(asAnsweredBy('psychiatrist', minutes))?.code,
      ).toMatch(/^9944[6-9]$/);
      const bh = codeConsult(asAnsweredBy('bh_clinician', minutes));
      expect(bh.lines.filter((l) => l.lineKey.endsWith(':consultant'))).toEqual(
        [],
      );
      const note = bh.notes.find(
        (n) => n.rule === 'consultant.behavioral_health',
      );
      // The call and the chart review, both the BH clinician's.
      expect(note?.data).toEqual({ minutes: minutes + 5 });
      expect(note?.message).toMatch(/never coded as 99446-99449 or 99451/);
    },
  );
});

describe('99451 and the discussion-share rule', () => {
  it.each([
    [
      'no verbal discussion, 4 min review',
      { review: 4, talk: 0, verbal: false },
      null,
    ],
    [
      'no verbal discussion, 5 min review',
      { review: 5, talk: 0, verbal: false },
      '99451',
    ],
    [
      'no verbal discussion, 40 min review',
      { review: 40, talk: 0, verbal: false },
      '99451',
    ],
    [
      'exactly half discussion (6 + 6)',
      { review: 6, talk: 6, verbal: true },
      '99451',
    ],
    [
      'more than half discussion (7 + 6)',
      { review: 6, talk: 7, verbal: true },
      '99447',
    ],
    [
      'less than half discussion (3 + 10)',
      { review: 10, talk: 3, verbal: true },
      '99451',
    ],
  ])('%s -> %s', (_label, c, code) => {
    const f = consultFacts({
      callEvents: c.talk ? call(c.talk) : [],
      ledger: [
        entry(
          'consultant',
          'chart_review',
          REQUESTED_AT + 3 * 3600_000,
          c.review,
        ),
      ],
      report: {
        id: 'r',
        signedAt: REQUESTED_AT + 5 * 3600_000,
        verbalDiscussion: c.verbal,
        directEvaluationAdvised: false,
      },
    });
    const line = consultantLine(f);
    expect(line?.code ?? null).toBe(code);
    if (code === '99451' && c.talk)
      expect(
        line!.reasons.find((r) => r.rule === 'code.written_only')!.message,
      ).toContain('50%');
  });

  it('takes a verbal discussion attested in the report (an outside phone line) as verbal', () => {
    const f = consultFacts({
      ledger: [entry('consultant', 'pcp_discussion', REQUESTED_AT, 12)],
    });
    expect(consultantLine(f)!.code).toBe('99447');
  });

  it('does not count a call where no PCP ever connected as discussion', () => {
    const events = call(15).filter((e) => e.userId !== PCP);
    const f = consultFacts({
      callEvents: events,
      report: {
        id: 'r',
        signedAt: REQUESTED_AT + 3600_000,
        verbalDiscussion: false,
        directEvaluationAdvised: false,
      },
    });
    expect(consultantLine(f)).toBeUndefined();
  });

  it('does not count the gap while a participant dropped until they reconnected', () => {
    const events = call(20);
    const t = events[2]!.at;
    events.push(
      {
        id: 9001,
        callId: events[0]!.callId,
        at: t + 5 * MIN,
        type: 'participant_dropped',
        userId: PCP,
        participantId: PCP,
        participantRole: 'pcp',
      },
      {
        id: 9002,
        callId: events[0]!.callId,
        at: t + 15 * MIN,
        type: 'participant_reconnected',
        userId: PCP,
        participantId: PCP,
        participantRole: 'pcp',
      },
    );
    const line = consultantLine(consultFacts({ callEvents: events }))!;
    expect(line.minutes).toBe(10); // 20 min call minus the 10 min gap
    expect(line.code).toBe('99446');
  });
});

describe('overlapping intervals of one clinician count once', () => {
  it('a chart review inside a call adds nothing and the call time stays discussion', () => {
    const f = consultFacts({
      callEvents: call(10),
      ledger: [entry('consultant', 'chart_review', REQUESTED_AT + 12 * MIN, 5)],
    });
    const line = consultantLine(f)!;
    expect(line.minutes).toBe(10);
    expect(line.code).toBe('99446');
    expect(
      line.reasons.find((r) => r.rule === 'time.consultant')!.data!
        .overlapSeconds,
    ).toBe(300);
  });

  it('a partial overlap counts the union (call 10 + review 10 overlapping 4 = 16)', () => {
    const f = consultFacts({
      callEvents: call(10),
      ledger: [
        entry('consultant', 'report_writing', REQUESTED_AT + 16 * MIN, 10),
      ],
    });
    const line = consultantLine(f)!;
    expect(line.minutes).toBe(16);
    expect(line.code).toBe('99447');
  });

  it('two overlapping manual entries of the same activity count once', () => {
    const f = consultFacts({
      callEvents: call(6),
      ledger: [
        entry('consultant', 'chart_review', REQUESTED_AT + 3600_000, 4),
        entry(
          'consultant',
          'chart_review',
          REQUESTED_AT + 3600_000 + 2 * MIN,
          4,
        ),
      ],
    });
    expect(consultantLine(f)!.minutes).toBe(12);
  });

  it('another clinician at the same time is not the consultant', () => {
    const f = consultFacts({
      callEvents: call(6),
      ledger: [
        {
          ...entry('consultant', 'chart_review', REQUESTED_AT, 20),
          clinicianId: 'someone-else',
        },
      ],
    });
    expect(consultantLine(f)!.minutes).toBe(6);
  });
});

describe('append-only corrections', () => {
  it('counts the correction, not the row it supersedes; a voiding correction removes time', () => {
    const wrong = entry(
      'consultant',
      'chart_review',
      REQUESTED_AT + 3600_000,
      30,
    );
    const fixed = entry(
      'consultant',
      'chart_review',
      REQUESTED_AT + 3600_000,
      3,
      { supersedes: wrong.id },
    );
    expect(
      consultantLine(
        consultFacts({ callEvents: call(8), ledger: [wrong, fixed] }),
      )!.minutes,
    ).toBe(11);
    const removed = entry(
      'consultant',
      'chart_review',
      REQUESTED_AT + 3600_000,
      0,
      { supersedes: wrong.id, voids: true },
    );
    expect(
      consultantLine(
        consultFacts({ callEvents: call(8), ledger: [wrong, removed] }),
      )!.minutes,
    ).toBe(8);
  });
});

describe('consent', () => {
  it('blocks when there is no documented consent', () => {
    const line = consultantLine(
      consultFacts({ callEvents: call(12), consents: [] }),
    )!;
    expect(line.status).toBe('blocked');
    expect(rules(line)['consent.missing']).toBe('blocked');
    expect(
      requestingLine(consultFacts({ callEvents: call(20), consents: [] }))!
        .status,
    ).toBe('blocked');
  });

  it('blocks when the cost-sharing notice was not given', () => {
    const line = consultantLine(
      consultFacts({
        callEvents: call(12),
        consents: [consent(undefined, { costSharingNoticeGiven: false })],
      }),
    )!;
    expect(rules(line)['consent.cost_sharing_notice_missing']).toBe('blocked');
  });

  it('blocks when consent was obtained after the date of service, or withdrawn before it', () => {
    expect(
      consultantLine(
        consultFacts({
          callEvents: call(12),
          consents: [consent(REQUESTED_AT + 3 * DAY)],
        }),
      )!.status,
    ).toBe('blocked');
    expect(
      consultantLine(
        consultFacts({
          callEvents: call(12),
          consents: [consent(undefined, { withdrawnAt: REQUESTED_AT })],
        }),
      )!.status,
    ).toBe('blocked');
  });

  it('accepts a patient-level consent up to 365 days old, not 366', () => {
    const old = (days: number) =>
      consent(REQUESTED_AT - days * DAY, { consultId: null });
    expect(
      consultantLine(
        consultFacts({ callEvents: call(12), consents: [old(365)] }),
      )!.status,
    ).toBe('ready');
    expect(
      consultantLine(
        consultFacts({ callEvents: call(12), consents: [old(366)] }),
      )!.status,
    ).toBe('blocked');
  });

  it('does not require consent for a payer that does not (Medicaid default)', () => {
    const line = consultantLine(
      consultFacts({
        callEvents: call(12),
        consents: [],
        payer: 'medicaid',
        rules: rulesFor('medicaid'),
      }),
    )!;
    expect(line.status).toBe('ready');
    expect(rules(line)['consent.not_required']).toBe('info');
    expect(line.consentId).toBeNull();
  });

  it('puts the consent reference on the line', () => {
    const c = consent();
    expect(
      consultantLine(consultFacts({ callEvents: call(12), consents: [c] }))!
        .consentId,
    ).toBe(c.id);
  });
});

describe('14-day face-to-face windows', () => {
  it.each([
    [0, 'blocked'],
    [14, 'blocked'],
    [15, 'ready'],
  ])(
    'consultant saw the patient %i days before the request -> %s',
    (days, status) => {
      const line = consultantLine(
        consultFacts({
          callEvents: call(12),
          encounters: [encounter(addDays(REQUEST_DATE, -days))],
        }),
      )!;
      expect(line.status).toBe(status);
      expect(rules(line)['encounter.prior_face_to_face']).toBe(
        status === 'blocked' ? 'blocked' : 'allowed',
      );
    },
  );

  it('ignores face-to-face care by another clinician', () => {
    expect(
      consultantLine(
        consultFacts({
          callEvents: call(12),
          encounters: [
            encounter(
              addDays(REQUEST_DATE, -3),
              'face_to_face',
              'other-psychiatrist',
            ),
          ],
        }),
      )!.status,
    ).toBe('ready');
  });

  it.each([
    [1, 'face_to_face', 'blocked'],
    [14, 'face_to_face', 'blocked'],
    [15, 'face_to_face', 'ready'],
    [3, 'transfer_of_care', 'blocked'],
  ] as const)(
    'a %s-day-later %s with the consultant -> %s',
    (days, kind, status) => {
      const line = consultantLine(
        consultFacts({
          callEvents: call(12),
          encounters: [encounter(addDays(REQUEST_DATE, days), kind)],
        }),
      )!;
      expect(line.status).toBe(status);
    },
  );

  it('holds the consultant line while the follow-up window is open, then releases it', () => {
    const onDay = (d: number) =>
      consultantLine(
        consultFacts({ callEvents: call(12), now: REQUESTED_AT + d * DAY }),
      )!;
    expect(onDay(14).status).toBe('held');
    expect(rules(onDay(14))['encounter.follow_up_window_open']).toBe('held');
    expect(onDay(15).status).toBe('ready');
  });

  it('flags instead of holding when the payer says so', () => {
    const r = rulesFor('default', {
      interprofessional: { holdDuringFollowUpWindow: false },
    });
    const line = consultantLine(
      consultFacts({ callEvents: call(12), now: REQUESTED_AT + DAY, rules: r }),
    )!;
    expect(line.status).toBe('ready');
    expect(rules(line)['encounter.follow_up_window_open']).toBe('info');
  });

  it('does not apply the consultant windows to 99452', () => {
    const f = consultFacts({
      callEvents: call(20),
      encounters: [encounter(addDays(REQUEST_DATE, -2))],
    });
    expect(consultantLine(f)!.status).toBe('blocked');
    expect(requestingLine(f)!.status).toBe('ready');
  });
});

describe('frequency windows', () => {
  it.each([
    [6, 'blocked'],
    [7, 'ready'],
  ])(
    'a consultant code for the patient %i days earlier -> %s',
    (days, status) => {
      const line = consultantLine(
        consultFacts({
          callEvents: call(12),
          priorLines: [priorLine('99446', addDays(REQUEST_DATE, -days))],
        }),
      )!;
      expect(line.status).toBe(status);
    },
  );

  it('counts 99451 as a consultant code and ignores blocked prior lines', () => {
    expect(
      consultantLine(
        consultFacts({
          callEvents: call(12),
          priorLines: [priorLine('99451', addDays(REQUEST_DATE, -2))],
        }),
      )!.status,
    ).toBe('blocked');
    expect(
      consultantLine(
        consultFacts({
          callEvents: call(12),
          priorLines: [
            priorLine('99451', addDays(REQUEST_DATE, -2), {
              status: 'blocked',
            }),
          ],
        }),
      )!.status,
    ).toBe('ready');
  });

  it('breaks a same-day tie by line key so exactly one of two consults bills', () => {
    const a = consultFacts({
      callEvents: call(12),
      consult: { ...consultFacts().consult, id: 'a' },
      consents: [consent(undefined, { consultId: 'a' })],
      priorLines: [
        {
          lineKey: 'ip:b:consultant',
          code: '99447',
          dateOfService: REQUEST_DATE,
          consultId: 'b',
          status: 'ready',
        },
      ],
    });
    const b = consultFacts({
      callEvents: call(12),
      consult: { ...consultFacts().consult, id: 'b' },
      consents: [consent(undefined, { consultId: 'b' })],
      priorLines: [
        {
          lineKey: 'ip:a:consultant',
          code: '99447',
          dateOfService: REQUEST_DATE,
          consultId: 'a',
          status: 'ready',
        },
      ],
    });
    expect([consultantLine(a)!.status, consultantLine(b)!.status]).toEqual([
      'ready',
      'blocked',
    ]);
  });

  it.each([
    [13, 'blocked'],
    [14, 'ready'],
  ])('a 99452 for the patient %i days earlier -> %s', (days, status) => {
    const line = requestingLine(
      consultFacts({
        callEvents: call(20),
        priorLines: [priorLine('99452', addDays(REQUEST_DATE, -days))],
      }),
    )!;
    expect(line.status).toBe(status);
  });
});

describe('99452 (requesting clinician)', () => {
  it.each([
    [15, null],
    [16, '99452'],
  ])('%i minutes of referral prep and discussion -> %s', (minutes, code) => {
    const f = consultFacts({
      callEvents: call(10),
      ledger: [
        entry(
          'requesting',
          'referral_prep',
          REQUESTED_AT - 3600_000,
          minutes - 10,
        ),
      ],
    });
    const line = requestingLine(f);
    expect(line?.code ?? null).toBe(code);
    if (line) expect(line.billingClinicianId).toBe(PCP);
  });
});

describe('the written report', () => {
  it('holds the consultant code until the report is signed', () => {
    const line = consultantLine(
      consultFacts({
        callEvents: call(12),
        report: {
          id: 'r',
          signedAt: null,
          verbalDiscussion: false,
          directEvaluationAdvised: false,
        },
      }),
    )!;
    expect(line.status).toBe('held');
    expect(rules(line)['report.unsigned']).toBe('held');
  });

  it('uses the report signing date (program time zone) as the date of service', () => {
    const lateEvening = Date.parse('2025-05-13T03:30:00Z'); // 23:30 Eastern on the 12th
    expect(
      consultantLine(
        consultFacts({
          callEvents: call(12),
          report: {
            id: 'r',
            signedAt: lateEvening,
            verbalDiscussion: true,
            directEvaluationAdvised: false,
          },
        }),
      )!.dateOfService,
    ).toBe('2025-05-12');
  });
});

describe('payer table', () => {
  it('applies fees and modifiers from the table', () => {
    const r = rulesFor('default', {
      modifiers: { '99447': ['GT'] },
      feesCents: { '99447': 4000 },
    });
    const line = consultantLine(
      consultFacts({ callEvents: call(12), rules: r }),
    )!;
    expect(line.modifiers).toEqual(['GT']);
    expect(line.feeCents).toBe(4000);
    expect(
      consultantLine(consultFacts({ callEvents: call(12) }))!.feeCents,
    ).toBe(3385);
  });

  it('moves a band edge when the program changes it', () => {
    const r = rulesFor('default', {
      interprofessional: {
        bands: [
          { code: '99446', fromMinutes: 5, toMinutes: 12 },
          { code: '99447', fromMinutes: 13, toMinutes: null },
        ],
      },
    });
    expect(
      consultantLine(consultFacts({ callEvents: call(12), rules: r }))!.code,
    ).toBe('99446');
  });

  it('refuses an override that breaks the table shape', () => {
    expect(() =>
      rulesFor('default', { interprofessional: { minimumMinutes: -1 } }),
    ).toThrow();
  });
});
