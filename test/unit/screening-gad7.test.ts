import {
  type AssessmentContext,
  scoreAssessment,
} from '../../server/screening/score-assessment';
import {
  answersSumming,
  problemTexts,
  scored,
} from '../support/screening-answers';

const adult: AssessmentContext = { ageYears: 30, answeredBy: 'patient' };

describe('GAD-7 total, bands and the positive screen at 10', () => {
  it.each([
    [0, 'minimal', false],
    [4, 'minimal', false],
    [5, 'mild', false],
    [9, 'mild', false],
    [10, 'moderate', true],
    [14, 'moderate', true],
    [15, 'severe', true],
    [21, 'severe', true],
  ])('total %i -> %s (positive: %s)', (total, band, positive) => {
    const answers = answersSumming(7, total, 3);
    const result = scored(scoreAssessment('gad7', answers, adult));
    expect(result.total).toBe(total);
    expect(result.band.id).toBe(band);
    expect(result.positiveScreens.map((s) => s.id)).toEqual(
      positive ? ['anxiety'] : [],
    );
    expect(result.flags).toEqual([]);
  });

  it('has no subscales and no safety item', () => {
    const result = scored(scoreAssessment('gad7', Array(7).fill(3), adult));
    expect(result.subscales).toEqual([]);
    expect(result.flags).toEqual([]);
  });

  it('rejects a blank, a wrong count and an out-of-range answer', () => {
    expect(
      problemTexts(scoreAssessment('gad7', [0, 0, 0, null, 0, 0, 9], adult)),
    ).toEqual(['items[3]: must be 0-3, not blank', 'items[6]: must be 0-3']);
    expect(
      problemTexts(scoreAssessment('gad7', Array(9).fill(0), adult)),
    ).toEqual(['items: expected 7 answers, got 9']);
  });

  it('is meant for ages 12 and over', () => {
    const child = { ageYears: 11, answeredBy: 'patient' } as const;
    expect(
      problemTexts(scoreAssessment('gad7', Array(7).fill(0), child)),
    ).toEqual([
      'ageYears: GAD-7 is meant for ages 12 and over, not 11; a clinician ' +
        'override with a reason is needed',
    ]);
    const twelve = { ageYears: 12, answeredBy: 'patient' } as const;
    expect(scoreAssessment('gad7', Array(7).fill(0), twelve).status).toBe(
      'scored',
    );
  });
});
