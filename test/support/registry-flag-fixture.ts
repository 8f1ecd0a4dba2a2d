import type {
  RegistryFacts,
  RegistryFlag,
  ScorePoint,
} from '../../server/registry/registry-flags';

/**
 * The 20-patient fixture: dated scores, contacts and reviews in a New York
 * program, on Friday 27 November 2026 at 10:00 local (15:00 UTC), three and
 * a half days before the month ends. Each row names exactly the flags it
 * must get; several sit one day (or one hour, across midnight local) either
 * side of a threshold.
 */
export const TZ = 'America/New_York';
export const NOW = Date.parse('2026-11-27T15:00:00Z');
export const DAY = 86_400_000;
export const utc = (s: string) => Date.parse(s);
export const phq = (total: number, at: string): ScorePoint => ({
  instrument: 'phq9',
  total,
  at: utc(at),
});

export const base: RegistryFacts = {
  instrument: 'phq9',
  startedOn: '2026-11-01',
  scores: [phq(15, '2026-11-01T17:00:00Z')],
  contactAts: [NOW - 2 * DAY],
  lastReviewAt: null,
  safetyAlertOpen: false,
  minutesThisMonth: 40,
  thresholdMinutes: 31,
  now: NOW,
  timeZone: TZ,
};

const notImprovingScores = [
  phq(20, '2026-09-18T16:00:00Z'),
  phq(12, '2026-11-20T17:00:00Z'),
];

export const FIXTURE: [string, Partial<RegistryFacts>, RegistryFlag[]][] = [
  [
    '1 enrolled a week ago, no contact yet',
    {
      startedOn: '2026-11-20',
      contactAts: [],
      minutesThisMonth: 0,
      thresholdMinutes: 36,
    },
    ['new'],
  ],
  [
    '2 enrolled 28 local days ago, never contacted',
    {
      startedOn: '2026-10-30',
      contactAts: [],
    },
    ['no_contact', 'new'],
  ],
  [
    '3 enrolled 27 local days ago, never contacted',
    {
      startedOn: '2026-10-31',
      contactAts: [],
    },
    ['new'],
  ],
  [
    '4 last contact 23:30 local on 30 Oct (03:30 UTC on the 31st)',
    {
      startedOn: '2026-10-01',
      contactAts: [utc('2026-10-31T03:30:00Z')],
    },
    ['no_contact'],
  ],
  [
    '5 last contact 00:30 local on 31 Oct',
    {
      startedOn: '2026-10-01',
      contactAts: [utc('2026-10-31T04:30:00Z')],
    },
    [],
  ],
  [
    '6 week 10, 40 % drop, never reviewed',
    {
      startedOn: '2026-09-18',
      scores: notImprovingScores,
    },
    ['needs_psychiatric_review', 'not_improving'],
  ],
  [
    '7 week 9, 40 % drop',
    {
      startedOn: '2026-09-19',
      scores: notImprovingScores,
    },
    [],
  ],
  [
    '8 week 10, 40 % drop, reviewed 5 days ago',
    {
      startedOn: '2026-09-18',
      scores: notImprovingScores,
      lastReviewAt: NOW - 5 * DAY,
    },
    ['not_improving'],
  ],
  [
    '9 week 10, 40 % drop, reviewed 14 local days ago',
    {
      startedOn: '2026-09-18',
      scores: notImprovingScores,
      lastReviewAt: utc('2026-11-13T20:00:00Z'),
    },
    ['needs_psychiatric_review', 'not_improving'],
  ],
  [
    '10 week 12, exactly a 50 % drop',
    {
      startedOn: '2026-09-01',
      scores: [phq(18, '2026-09-01T16:00:00Z'), phq(9, '2026-11-20T17:00:00Z')],
    },
    ['response'],
  ],
  [
    '11 PHQ-9 16 to 4',
    {
      startedOn: '2026-09-01',
      scores: [phq(16, '2026-09-01T16:00:00Z'), phq(4, '2026-11-20T17:00:00Z')],
    },
    ['response', 'remission'],
  ],
  [
    '12 PHQ-9 10 to 5: response, not remission',
    {
      scores: [phq(10, '2026-11-01T17:00:00Z'), phq(5, '2026-11-20T17:00:00Z')],
    },
    ['response'],
  ],
  [
    '13 safety alert open, never reviewed',
    { safetyAlertOpen: true },
    ['safety_alert_open', 'needs_psychiatric_review'],
  ],
  [
    '14 safety alert open, reviewed yesterday',
    {
      safetyAlertOpen: true,
      lastReviewAt: NOW - DAY,
    },
    ['safety_alert_open'],
  ],
  [
    '15 22 of 31 min, 3.5 days left',
    { minutesThisMonth: 22 },
    ['minutes_short'],
  ],
  ['16 20 of 31 min (11 short), 3.5 days left', { minutesThisMonth: 20 }, []],
  ['17 31 of 31 min', { minutesThisMonth: 31 }, []],
  [
    '18 22 of 31 min, 23:30 local on the 23rd: 7 days left',
    {
      minutesThisMonth: 22,
      now: utc('2026-11-24T04:30:00Z'),
      contactAts: [utc('2026-11-20T15:00:00Z')],
    },
    [],
  ],
  [
    '19 22 of 31 min, 00:30 local on the 24th: under 7 days',
    {
      minutesThisMonth: 22,
      now: utc('2026-11-24T05:30:00Z'),
      contactAts: [utc('2026-11-20T15:00:00Z')],
    },
    ['minutes_short'],
  ],
  [
    '20 followed on GAD-7; older and PHQ-9 scores ignored',
    {
      instrument: 'gad7',
      startedOn: '2026-09-10',
      scores: [
        { instrument: 'gad7', total: 21, at: utc('2026-07-01T16:00:00Z') },
        { instrument: 'gad7', total: 14, at: utc('2026-08-20T16:00:00Z') },
        phq(3, '2026-11-20T17:00:00Z'),
        { instrument: 'gad7', total: 6, at: utc('2026-11-20T17:00:00Z') },
      ],
    },
    ['response'],
  ],
];
