import {
  type AssessmentContext,
  scoreAssessment,
} from '../../server/screening/score-assessment';
import {
  answersSumming,
  problemTexts,
  rejected,
  scored,
} from '../support/screening-answers';

const adult: AssessmentContext = { ageYears: 40, answeredBy: 'patient' };
/** Nine symptom answers adding up to `total`, item 9 kept at 0 so the
 * bands are tested apart from the safety item. */
const nineSumming = (total: number) => [
  ...answersSumming(8, Math.min(total, 24), 3),
  Math.max(0, total - 24),
];

describe('PHQ-9 total, bands and the positive screen at 10', () => {
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
    const result = scored(scoreAssessment('phq9', nineSumming(total), adult));
    expect(result.total).toBe(total);
    expect(result.band.id).toBe(band);
    expect(result.positiveScreens.map((s) => s.id)).toEqual(
      positive ? ['major-depression'] : [],
    );
    expect(result.flags).toEqual([]);
  });

  it('maximum: every item "nearly every day" scores 27, severe', () => {
    const result = scored(scoreAssessment('phq9', Array(9).fill(3), adult));
    expect(result.total).toBe(27);
    expect(result.band.id).toBe('severe');
  });

  it('the difficulty question is kept but never added to the total', () => {
    const withDifficulty = scored(
      scoreAssessment('phq9', [...Array(9).fill(1), 3], adult),
    );
    expect(withDifficulty.total).toBe(9);
    expect(withDifficulty.itemValues[9]).toBe(3);
    const blankDifficulty = scored(
      scoreAssessment('phq9', [...Array(9).fill(1), null], adult),
    );
    expect(blankDifficulty.total).toBe(9);
    expect(blankDifficulty.blankItems).toEqual([9]);
  });
});

describe('PHQ-9 item 9 safety flag', () => {
  it.each([
    [0, false],
    [1, true],
    [2, true],
    [3, true],
  ])('item 9 = %i flags: %s', (item9, flagged) => {
    const answers = [0, 0, 0, 0, 0, 0, 0, 0, item9];
    const result = scored(scoreAssessment('phq9', answers, adult));
    expect(result.total).toBe(item9);
    if (flagged) {
      expect(result.flags).toEqual([
        {
          itemId: 'phq9.9',
          itemIndex: 8,
          value: item9,
          reason: expect.stringContaining('same day'),
        },
      ]);
    } else {
      expect(result.flags).toEqual([]);
    }
  });

  it('flags even when the total is minimal', () => {
    const result = scored(
      scoreAssessment('phq9', [0, 0, 0, 0, 0, 0, 0, 0, 1], adult),
    );
    expect(result.band.id).toBe('minimal');
    expect(result.flags).toHaveLength(1);
  });
});

describe('PHQ-9 validation', () => {
  it('every item must be answered (no blank symptom items)', () => {
    const answers = [1, 1, null, 1, 1, 1, 1, 1, 1];
    expect(problemTexts(scoreAssessment('phq9', answers, adult))).toEqual([
      'items[2]: must be 0-3, not blank',
    ]);
  });

  it.each([
    [[1, 1, 1, 1, 4, 1, 1, 1, 1], 'items[4]: must be 0-3'],
    [[1, 1, 1, 1, -1, 1, 1, 1, 1], 'items[4]: must be 0-3'],
    [[1, 1, 1, 1, 1.5, 1, 1, 1, 1], 'items[4]: must be 0-3'],
    [[1, 1, 1, 1, '2', 1, 1, 1, 1], 'items[4]: must be 0-3'],
    [[...Array(9).fill(0), 4], 'items[9]: must be 0-3'],
  ])('%j -> %s', (answers, message) => {
    expect(problemTexts(scoreAssessment('phq9', answers, adult))).toEqual([
      message,
    ]);
  });

  it.each([
    [8, 'items: expected 9 or 10 answers, got 8'],
    [11, 'items: expected 9 or 10 answers, got 11'],
    [0, 'items: expected 9 or 10 answers, got 0'],
  ])('%i answers -> %s', (count, message) => {
    const answers = Array(count).fill(0);
    expect(problemTexts(scoreAssessment('phq9', answers, adult))).toEqual([
      message,
    ]);
  });

  it('a refused form still reports a positive item 9 it can read', () => {
    const answers = [0, 0, 0, 0, 7, 0, 0, 0, 2];
    const result = rejected(scoreAssessment('phq9', answers, adult));
    expect(result.flags.map((f) => [f.itemId, f.value])).toEqual([
      ['phq9.9', 2],
    ]);
    const badItem9 = [0, 0, 0, 0, 0, 0, 0, 0, 5];
    expect(rejected(scoreAssessment('phq9', badItem9, adult)).flags).toEqual(
      [],
    );
  });

  it('a guardian may not answer the PHQ-9', () => {
    const context = { ageYears: 40, answeredBy: 'guardian' } as const;
    expect(
      problemTexts(scoreAssessment('phq9', Array(9).fill(0), context)),
    ).toEqual([
      'answeredBy: PHQ-9 is answered by patient or clinician, not guardian',
    ]);
  });

  it('a clinician may enter the answers on the patient\u2019s behalf', () => {
    const context = { ageYears: 40, answeredBy: 'clinician' } as const;
    expect(scoreAssessment('phq9', Array(9).fill(0), context).status).toBe(
      'scored',
    );
  });
});
