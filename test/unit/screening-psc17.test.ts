import {
  type AssessmentContext,
  scoreAssessment,
} from '../../server/screening/score-assessment';
import {
  answersSumming,
  invalid,
  problemTexts,
  scored,
} from '../support/screening-answers';

const parent: AssessmentContext = { ageYears: 8, answeredBy: 'guardian' };

/** Item numbers of each subscale as printed on the PSC-17 scoring key,
 * written out here so a slip in the instrument table is caught. */
const KEY = {
  internalizing: [2, 6, 9, 11, 15],
  attention: [1, 3, 7, 13, 17],
  externalizing: [4, 5, 8, 10, 12, 14, 16],
} as const;
type Scale = keyof typeof KEY;

/** 17 answers with the given subscale's items adding up to `score`. */
function onSubscale(scale: Scale, score: number): number[] {
  const answers = Array<number>(17).fill(0);
  const values = answersSumming(KEY[scale].length, score, 2);
  KEY[scale].forEach((n, i) => {
    answers[n - 1] = values[i]!;
  });
  return answers;
}

const subscaleScores = (answers: (number | null)[]) =>
  Object.fromEntries(
    scored(scoreAssessment('psc17', answers, parent)).subscales.map((s) => [
      s.id,
      s.score,
    ]),
  );

describe('PSC-17 total: >= 15 positive', () => {
  it.each([
    [0, 'below-cutoff', false],
    [14, 'below-cutoff', false],
    [15, 'positive', true],
    [16, 'positive', true],
    [34, 'positive', true],
  ])('total %i -> %s (total screen positive: %s)', (total, band, positive) => {
    const result = scored(
      scoreAssessment('psc17', answersSumming(17, total, 2), parent),
    );
    expect(result.total).toBe(total);
    expect(result.band.id).toBe(band);
    expect(result.positiveScreens.some((s) => s.id === 'total')).toBe(positive);
  });

  it('maximum: every item "often" gives 34 and subscales 10 / 10 / 14', () => {
    expect(subscaleScores(Array(17).fill(2))).toEqual({
      internalizing: 10,
      attention: 10,
      externalizing: 14,
    });
  });
});

describe('PSC-17 subscales and their cut points', () => {
  it.each([
    ['internalizing', 4, false],
    ['internalizing', 5, true],
    ['internalizing', 6, true],
    ['attention', 6, false],
    ['attention', 7, true],
    ['attention', 8, true],
    ['externalizing', 6, false],
    ['externalizing', 7, true],
    ['externalizing', 8, true],
  ] as const)('%s = %i positive: %s', (scale, score, positive) => {
    const result = scored(
      scoreAssessment('psc17', onSubscale(scale, score), parent),
    );
    const scores = Object.fromEntries(
      result.subscales.map((s) => [s.id, s.score]),
    );
    for (const other of Object.keys(KEY)) {
      expect(scores[other]).toBe(other === scale ? score : 0);
    }
    expect(result.total).toBe(score);
    expect(result.positiveScreens.map((s) => s.id)).toEqual(
      positive ? [scale] : [],
    );
  });
});

describe('PSC-17: each item counts in its own subscale only', () => {
  const cases = (Object.keys(KEY) as Scale[]).flatMap((scale) =>
    KEY[scale].map((n) => [n, scale] as const),
  );
  it.each(cases)('item %i -> %s', (n, scale) => {
    const answers = Array<number>(17).fill(0);
    answers[n - 1] = 1;
    const scores = subscaleScores(answers);
    expect(Object.entries(scores).filter(([, v]) => v > 0)).toEqual([
      [scale, 1],
    ]);
  });
});

describe('PSC-17 blanks: scored as 0 up to 3, invalid at 4', () => {
  it('3 blanks: scored, blanks counted as 0 and listed', () => {
    const answers = [null, null, null, ...Array(14).fill(2)];
    const result = scored(scoreAssessment('psc17', answers, parent));
    expect(result.total).toBe(28);
    expect(result.blankItems).toEqual([0, 1, 2]);
  });

  it('4 blanks: invalid with a reason instead of a score', () => {
    const answers = [2, null, 2, null, 2, null, 2, null, ...Array(9).fill(2)];
    const result = invalid(scoreAssessment('psc17', answers, parent));
    expect(result.reason).toBe(
      '4 of 17 items are blank; a PSC-17 with 4 or more blank items is ' +
        'invalid and is not scored',
    );
    expect(result.blankItems).toEqual([1, 3, 5, 7]);
    expect(result).not.toHaveProperty('total');
  });

  it('all blank: invalid', () => {
    const result = invalid(
      scoreAssessment('psc17', Array(17).fill(null), parent),
    );
    expect(result.reason).toMatch(/^17 of 17 items are blank/);
  });

  it('a blank is not a free pass for an out-of-range answer', () => {
    const answers = [null, 3, ...Array(15).fill(0)];
    expect(problemTexts(scoreAssessment('psc17', answers, parent))).toEqual([
      'items[1]: must be 0-2',
    ]);
  });
});

describe('PSC-17 respondents and ages', () => {
  it('is answered by a parent or guardian, not the child', () => {
    const child = { ageYears: 8, answeredBy: 'patient' } as const;
    expect(
      problemTexts(scoreAssessment('psc17', Array(17).fill(0), child)),
    ).toEqual([
      'answeredBy: PSC-17 is answered by guardian or clinician, not patient',
    ]);
  });

  it.each([
    [3, false],
    [4, true],
    [16, true],
    [17, false],
  ])('age %i accepted without override: %s', (ageYears, accepted) => {
    const result = scoreAssessment('psc17', Array(17).fill(0), {
      ageYears,
      answeredBy: 'guardian',
    });
    expect(result.status).toBe(accepted ? 'scored' : 'rejected');
  });
});
