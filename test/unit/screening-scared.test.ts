import {
  type AssessmentContext,
  scoreAssessment,
} from '../../server/screening/score-assessment';
import {
  answersSumming,
  problemTexts,
  scored,
} from '../support/screening-answers';

const child: AssessmentContext = { ageYears: 10, answeredBy: 'patient' };

/** The SCARED scoring key (item numbers and cut point per subscale),
 * written out here so a slip in the instrument table is caught. */
const KEY = {
  'panic-somatic': {
    items: [1, 6, 9, 12, 15, 18, 19, 22, 24, 27, 30, 34, 38],
    atLeast: 7,
  },
  'generalized-anxiety': {
    items: [5, 7, 14, 21, 23, 28, 33, 35, 37],
    atLeast: 9,
  },
  'separation-anxiety': { items: [4, 8, 13, 16, 20, 25, 29, 31], atLeast: 5 },
  'social-anxiety': { items: [3, 10, 26, 32, 39, 40, 41], atLeast: 8 },
  'school-avoidance': { items: [2, 11, 17, 36], atLeast: 3 },
} as const;
type Scale = keyof typeof KEY;
const SCALES = Object.keys(KEY) as Scale[];

function onSubscale(scale: Scale, score: number): number[] {
  const answers = Array<number>(41).fill(0);
  const { items } = KEY[scale];
  const values = answersSumming(items.length, score, 2);
  items.forEach((n, i) => {
    answers[n - 1] = values[i]!;
  });
  return answers;
}

describe('SCARED total: >= 25 possible anxiety disorder', () => {
  it.each([
    [0, 'below-cutoff', false],
    [24, 'below-cutoff', false],
    [25, 'positive', true],
    [26, 'positive', true],
    [82, 'positive', true],
  ])('total %i -> %s (positive: %s)', (total, band, positive) => {
    const result = scored(
      scoreAssessment('scared', answersSumming(41, total, 2), child),
    );
    expect(result.total).toBe(total);
    expect(result.band.id).toBe(band);
    expect(result.positiveScreens.some((s) => s.id === 'total')).toBe(positive);
  });

  it('maximum 82: each subscale at twice its item count', () => {
    const result = scored(scoreAssessment('scared', Array(41).fill(2), child));
    expect(result.total).toBe(82);
    expect(result.subscales.map((s) => [s.id, s.score, s.max])).toEqual(
      SCALES.map((id) => [
        id,
        2 * KEY[id].items.length,
        2 * KEY[id].items.length,
      ]),
    );
  });
});

describe('SCARED subscales: each cut point and its neighbours', () => {
  const cases = SCALES.flatMap((scale) => {
    const cut = KEY[scale].atLeast;
    return [
      [scale, cut - 1, false],
      [scale, cut, true],
      [scale, cut + 1, true],
    ] as const;
  });
  it.each(cases)('%s = %i positive: %s', (scale, score, positive) => {
    const result = scored(
      scoreAssessment('scared', onSubscale(scale, score), child),
    );
    for (const s of result.subscales) {
      expect([s.id, s.score]).toEqual([s.id, s.id === scale ? score : 0]);
    }
    expect(result.positiveScreens.map((s) => s.id)).toEqual(
      positive ? [scale] : [],
    );
  });
});

describe('SCARED: each item counts in its own subscale only', () => {
  const cases = SCALES.flatMap((scale) =>
    KEY[scale].items.map((n) => [n, scale] as const),
  );
  it.each(cases)('item %i -> %s', (n, scale) => {
    const answers = Array<number>(41).fill(0);
    answers[n - 1] = 2;
    const result = scored(scoreAssessment('scared', answers, child));
    expect(
      result.subscales.filter((s) => s.score > 0).map((s) => [s.id, s.score]),
    ).toEqual([[scale, 2]]);
  });
});

describe('SCARED respondents, ages and validation', () => {
  it.each(['patient', 'guardian', 'clinician'] as const)(
    'answered by %s: scored',
    (answeredBy) => {
      const result = scoreAssessment('scared', Array(41).fill(1), {
        ageYears: 12,
        answeredBy,
      });
      expect(scored(result).total).toBe(41);
    },
  );

  it.each([
    [7, false],
    [8, true],
    [18, true],
    [19, false],
  ])('age %i accepted without override: %s', (ageYears, accepted) => {
    const result = scoreAssessment('scared', Array(41).fill(0), {
      ageYears,
      answeredBy: 'guardian',
    });
    expect(result.status).toBe(accepted ? 'scored' : 'rejected');
  });

  it('41 answers, each 0-2, none blank', () => {
    expect(
      problemTexts(scoreAssessment('scared', Array(40).fill(0), child)),
    ).toEqual(['items: expected 41 answers, got 40']);
    const answers = [...Array(39).fill(0), null, 3];
    expect(problemTexts(scoreAssessment('scared', answers, child))).toEqual([
      'items[39]: must be 0-2, not blank',
      'items[40]: must be 0-2',
    ]);
  });
});
