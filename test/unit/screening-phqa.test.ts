import {
  type AssessmentContext,
  scoreAssessment,
} from '../../server/screening/score-assessment';
import {
  answersSumming,
  problemTexts,
  scored,
} from '../support/screening-answers';

const teen: AssessmentContext = { ageYears: 15, answeredBy: 'patient' };
const YES = 1;
const NO = 0;

/** Nine symptom answers, then past year, difficulty, serious thoughts in
 * the past month, lifetime attempt. */
const phqa = (
  symptoms: number[],
  {
    pastYear = NO,
    difficulty = 0 as number | null,
    thoughts = NO,
    attempt = NO,
  } = {},
) => [...symptoms, pastYear, difficulty, thoughts, attempt];

const symptomsSumming = (total: number) => [
  ...answersSumming(8, Math.min(total, 24), 3),
  Math.max(0, total - 24),
];

describe('PHQ-A total and bands (PHQ-9 bands, >= 10 major depression)', () => {
  it.each([
    [0, 'minimal', false],
    [4, 'minimal', false],
    [5, 'mild', false],
    [9, 'mild', false],
    [10, 'moderate', true],
    [14, 'moderate', true],
    [15, 'moderately-severe', true],
    [19, 'moderately-severe', true],
    [20, 'severe', true],
    [24, 'severe', true],
  ])('total %i -> %s (positive: %s)', (total, band, positive) => {
    const answers = phqa(symptomsSumming(total));
    const result = scored(scoreAssessment('phqa', answers, teen));
    expect(result.total).toBe(total);
    expect(result.band.id).toBe(band);
    expect(result.positiveScreens.map((s) => s.id)).toEqual(
      positive ? ['major-depression'] : [],
    );
    expect(result.flags).toEqual([]);
  });

  it('maximum 27; the extra questions never add to the total', () => {
    const answers = phqa(Array(9).fill(3), { pastYear: YES, difficulty: 3 });
    const result = scored(scoreAssessment('phqa', answers, teen));
    expect(result.total).toBe(27);
    expect(result.band.id).toBe('severe');
  });

  it('the difficulty question may be blank; the others may not', () => {
    const blankDifficulty = phqa(Array(9).fill(0), { difficulty: null });
    expect(scoreAssessment('phqa', blankDifficulty, teen).status).toBe(
      'scored',
    );
    const answers = [...Array(9).fill(0), null, 0, null, NO];
    expect(problemTexts(scoreAssessment('phqa', answers, teen))).toEqual([
      'items[9]: must be 0-1, not blank',
      'items[11]: must be 0-1, not blank',
    ]);
  });

  it('a yes/no question accepts only 0 (no) or 1 (yes)', () => {
    const answers = phqa(Array(9).fill(0), { attempt: 2 });
    expect(problemTexts(scoreAssessment('phqa', answers, teen))).toEqual([
      'items[12]: must be 0-1',
    ]);
  });
});

describe('PHQ-A safety flags', () => {
  const flagged = (answers: (number | null)[]) =>
    scored(scoreAssessment('phqa', answers, teen)).flags.map((f) => f.itemId);

  it('item 9 = 0 and both questions "no": no flag', () => {
    expect(flagged(phqa(Array(9).fill(0)))).toEqual([]);
  });

  it('item 9 = 1 flags', () => {
    expect(flagged(phqa([0, 0, 0, 0, 0, 0, 0, 0, 1]))).toEqual(['phqa.9']);
  });

  it('serious thoughts of ending life in the past month flags alone', () => {
    expect(flagged(phqa(Array(9).fill(0), { thoughts: YES }))).toEqual([
      'phqa.serious-thoughts',
    ]);
  });

  it('a lifetime attempt flags alone', () => {
    expect(flagged(phqa(Array(9).fill(0), { attempt: YES }))).toEqual([
      'phqa.attempt',
    ]);
  });

  it('all three at once give three flags, each with its reason', () => {
    const answers = phqa([0, 0, 0, 0, 0, 0, 0, 0, 2], {
      thoughts: YES,
      attempt: YES,
    });
    const { flags } = scored(scoreAssessment('phqa', answers, teen));
    expect(flags.map((f) => [f.itemIndex, f.value])).toEqual([
      [8, 2],
      [11, 1],
      [12, 1],
    ]);
    for (const flag of flags) expect(flag.reason).toMatch(/same day/);
  });

  it('past-year depression is recorded but is not a safety item', () => {
    expect(flagged(phqa(Array(9).fill(0), { pastYear: YES }))).toEqual([]);
  });
});

describe('PHQ-A ages 11-17', () => {
  const answers = phqa(Array(9).fill(0));
  it.each([
    [10, false],
    [11, true],
    [17, true],
    [18, false],
  ])('age %i accepted without override: %s', (ageYears, accepted) => {
    const result = scoreAssessment('phqa', answers, {
      ageYears,
      answeredBy: 'patient',
    });
    expect(result.status).toBe(accepted ? 'scored' : 'rejected');
    if (!accepted) {
      expect(problemTexts(result)).toEqual([
        `ageYears: PHQ-A is meant for ages 11-17, not ${ageYears}; a ` +
          'clinician override with a reason is needed',
      ]);
    }
  });

  it('an 18-year-old is scored with an override, which is kept', () => {
    const reason = 'Still in the adolescent clinic; continuity of measure';
    const result = scored(
      scoreAssessment('phqa', answers, {
        ageYears: 18,
        answeredBy: 'patient',
        clinicianOverride: { reason },
      }),
    );
    expect(result.ageOverride).toEqual({ reason });
  });

  it('an override sent for a patient within range is not recorded', () => {
    const result = scored(
      scoreAssessment('phqa', answers, {
        ageYears: 15,
        answeredBy: 'patient',
        clinicianOverride: { reason: 'not needed' },
      }),
    );
    expect(result.ageOverride).toBeNull();
  });
});
