import {
  bhFigures,
  type EpisodeFact,
  type HandoffFact,
  median,
} from '../../server/episodes/bh-figures';
import {
  chooseReferralClinician,
  type Episode,
  type EpisodeSession,
  nextSessionNumber,
  scoreChange,
  stepUpSummary,
} from '../../server/episodes/episode';
import { sessionBilling } from '../../server/episodes/session-billing';
import { nextOpening } from '../../server/handoffs/next-opening';
import { AppError } from '../../server/errors';

const episode = (over: Partial<Episode> = {}): Episode => ({
  id: 'e',
  programId: 'p',
  practiceId: 'a',
  patientId: 'pt',
  referredBy: 'pcp',
  clinicianId: 'bh',
  origin: 'warm_handoff',
  handoffId: null,
  referredAt: new Date(0),
  scheduledFor: null,
  sessionLimit: 3,
  status: 'open',
  outcome: null,
  outcomeReferral: null,
  stepUpConsultId: null,
  closedAt: null,
  ...over,
});

const session = (
  number: number,
  over: Partial<EpisodeSession> = {},
): EpisodeSession => ({
  id: `s${number}`,
  episodeId: 'e',
  number,
  clinicianId: 'bh',
  mode: 'video',
  heldAt: new Date(number * 86_400_000),
  minutes: 30,
  focus: 'mood',
  interventions: ['cbt_skills'],
  homework: '',
  riskLevel: 'none',
  assessmentId: null,
  instrument: null,
  score: null,
  ...over,
});

describe('session limit', () => {
  it.each([
    [0, 3, 1],
    [2, 3, 3],
    [0, 1, 1],
  ])('%i held of %i: next is %i', (held, limit, next) => {
    expect(nextSessionNumber(episode({ sessionLimit: limit }), held)).toBe(
      next,
    );
  });
  it('refuses past the limit with 409 episode_session_limit naming close and step up', () => {
    let err: unknown;
    try {
      nextSessionNumber(episode(), 3);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    const a = err as AppError;
    expect([a.code, a.kind]).toEqual(['episode_session_limit', 'conflict']);
    expect(a.message).toMatch(/Close it/);
    expect(a.message).toMatch(/step up/);
  });
  it('refuses any session on a closed episode', () => {
    expect(() => nextSessionNumber(episode({ status: 'closed' }), 0)).toThrow(
      /closed/,
    );
  });
});

describe('score change and step-up summary', () => {
  const scored = [
    session(1, { instrument: 'phq9', score: 15 }),
    session(2, { instrument: 'gad7', score: 9, riskLevel: 'moderate' }),
    session(3, {
      instrument: 'phq9',
      score: 11,
      interventions: ['problem_solving'],
    }),
  ];
  it('compares the first instrument with its own last score', () => {
    expect(scoreChange(scored)).toEqual({
      instrument: 'phq9',
      first: 15,
      last: 11,
    });
    expect(scoreChange([session(1)])).toBeNull();
  });
  it('summarises sessions, interventions, risk and screenings without names', () => {
    const s = stepUpSummary(scored, '');
    expect(s).toContain('Sessions held: 3');
    expect(s).toContain('CBT skills, problem solving');
    expect(s).toContain('Highest risk noted: moderate');
    expect(s).toContain('session 1: PHQ-9 15; session 2: GAD-7 9');
  });
});

describe('scheduled referral clinician', () => {
  const c = (userId: string, states: string[], langs: string[], n: number) => ({
    userId,
    licensedStates: states,
    languages: langs,
    openEpisodes: n,
  });
  it.each([
    [
      'licensed beats unlicensed',
      [c('x', ['NH'], ['en'], 0), c('y', ['MA'], ['en'], 9)],
      'y',
    ],
    [
      'language first, then caseload',
      [c('x', ['MA'], ['en'], 0), c('y', ['MA'], ['es'], 5)],
      'y',
    ],
    [
      'lightest caseload',
      [c('x', ['MA'], ['es'], 4), c('y', ['MA'], ['es'], 2)],
      'y',
    ],
    ['nobody licensed', [c('x', ['NH'], ['es'], 0)], null],
  ])('%s', (_l, candidates, expected) => {
    expect(
      chooseReferralClinician(candidates, { state: 'MA', language: 'es' }),
    ).toBe(expected);
  });
});

describe('next opening (weekdays 9-17, program time zone, 1 h lead)', () => {
  const tz = 'America/New_York';
  it.each([
    // Tuesday 10:07 EST -> 11:30 EST (lead 1 h, next half hour).
    ['2026-12-01T15:07:00Z', '2026-12-01T16:30:00.000Z'],
    // Tuesday 16:30 EST -> Wednesday 09:00 EST.
    ['2026-12-01T21:30:00Z', '2026-12-02T14:00:00.000Z'],
    // Friday 18:00 EST -> Monday 09:00 EST.
    ['2026-12-04T23:00:00Z', '2026-12-07T14:00:00.000Z'],
    // Summer time: Monday 07:00 EDT -> 09:00 EDT.
    ['2026-07-06T11:00:00Z', '2026-07-06T13:00:00.000Z'],
  ])('%s -> %s', (now, expected) => {
    expect(nextOpening(new Date(now), tz)?.toISOString()).toBe(expected);
  });
});

describe('session billing', () => {
  const s = { heldAt: new Date('2026-12-03T15:00:00Z'), minutes: 30 };
  const tz = 'America/New_York';
  it.each([
    [[], false, null],
    [
      [{ kind: 'bhi' as const, startDate: '2026-11-01', endDate: null }],
      true,
      'bhi_minutes',
    ],
    [
      [{ kind: 'cocm' as const, startDate: '2026-12-01', endDate: null }],
      true,
      'cocm_minutes',
    ],
    [
      [
        {
          kind: 'bhi' as const,
          startDate: '2026-10-01',
          endDate: '2026-11-30',
        },
      ],
      false,
      null,
    ],
    [
      [{ kind: 'bhi' as const, startDate: '2026-12-04', endDate: null }],
      false,
      null,
    ],
  ])('%j -> billable %s as %s', (enrollments, billable, basis) => {
    const b = sessionBilling(s, enrollments, tz);
    expect([b.billable, b.basis]).toEqual([billable, basis]);
    expect(b.reason).toMatch(billable ? /count toward/ : /not enrolled/);
  });
});

describe('monthly figures', () => {
  const DAY = 86_400_000;
  const month = { start: 0, end: 30 * DAY };
  const h = (
    practiceId: string,
    answeredAfterS: number | null,
  ): HandoffFact => ({
    practiceId,
    requestedAt: DAY,
    dueAt: DAY + 600_000,
    answeredAt: answeredAfterS === null ? null : DAY + answeredAfterS * 1000,
  });
  const e = (over: Partial<EpisodeFact>): EpisodeFact => ({
    practiceId: 'a',
    referredAt: DAY,
    origin: 'warm_handoff',
    firstSessionAt: DAY + DAY,
    closedAt: null,
    outcome: null,
    firstScore: null,
    lastScore: null,
    ...over,
  });
  it('counts per practice', () => {
    const [a, b] = bhFigures(
      [h('a', 60), h('a', 900), h('a', null), h('b', 120)],
      [
        e({
          closedAt: 10 * DAY,
          outcome: 'resolved_in_primary_care',
          firstScore: 16,
          lastScore: 8,
        }),
        e({ origin: 'scheduled', firstSessionAt: 20 * DAY }),
        e({
          firstSessionAt: null,
          closedAt: 12 * DAY,
          outcome: 'stepped_up_to_psychiatry',
          firstScore: 10,
          lastScore: 12,
        }),
        // Referred last month, closed in this one.
        e({
          referredAt: -5 * DAY,
          closedAt: 3 * DAY,
          outcome: 'resolved_in_primary_care',
        }),
        e({ practiceId: 'b', referredAt: 40 * DAY }),
      ],
      month,
    );
    expect(a).toEqual({
      practiceId: 'a',
      referrals: { total: 3, warm: 2, scheduled: 1 },
      handoffs: {
        attempted: 3,
        answered: 2,
        withinTarget: 1,
        medianSecondsToAnswer: 480,
      },
      engagement: { referred: 3, engagedWithin14Days: 1 },
      closedByOutcome: {
        resolved_in_primary_care: 2,
        stepped_up_to_psychiatry: 1,
      },
      scoreChange: { episodes: 2, meanChange: -3 },
    });
    expect(b!.referrals.total).toBe(0);
    expect(b!.handoffs.medianSecondsToAnswer).toBe(120);
  });
  it('median of odd and even counts', () => {
    expect([median([]), median([3, 1, 2]), median([4, 1, 2, 3])]).toEqual([
      null,
      2,
      2.5,
    ]);
  });
});
