import {
  type AssessmentContext,
  scoreAssessment,
} from '../../server/screening/score-assessment';
import {
  answersSumming,
  problemTexts,
  scored,
} from '../support/screening-answers';

const teen: AssessmentContext = { ageYears: 16, answeredBy: 'patient' };

describe('CRAFFT 2.1 part B: each yes scores 1, >= 2 high risk', () => {
  it.each([
    [0, 'lower-risk', false],
    [1, 'lower-risk', false],
    [2, 'high-risk', true],
    [3, 'high-risk', true],
    [6, 'high-risk', true],
  ])('%i yes -> %s (positive: %s)', (yes, band, positive) => {
    const result = scored(
      scoreAssessment('crafft', answersSumming(6, yes, 1), teen),
    );
    expect(result.total).toBe(yes);
    expect(result.band.id).toBe(band);
    expect(result.positiveScreens.map((s) => s.id)).toEqual(
      positive ? ['high-risk'] : [],
    );
  });

  it('which questions are yes does not matter, only how many', () => {
    const late = scored(scoreAssessment('crafft', [0, 0, 0, 0, 1, 1], teen));
    expect(late.total).toBe(2);
    expect(late.band.id).toBe('high-risk');
  });

  it('answers are 0 (no) or 1 (yes), all six required', () => {
    expect(
      problemTexts(scoreAssessment('crafft', [0, 2, 0, null, 0, 0], teen)),
    ).toEqual(['items[1]: must be 0-1', 'items[3]: must be 0-1, not blank']);
    expect(
      problemTexts(scoreAssessment('crafft', [0, 0, 0, 0, 0], teen)),
    ).toEqual(['items: expected 6 answers, got 5']);
  });
});

describe('CRAFFT ages 12-21', () => {
  it.each([
    [11, false],
    [12, true],
    [21, true],
    [22, false],
  ])('age %i accepted without override: %s', (ageYears, accepted) => {
    const result = scoreAssessment('crafft', Array(6).fill(0), {
      ageYears,
      answeredBy: 'patient',
    });
    expect(result.status).toBe(accepted ? 'scored' : 'rejected');
    if (!accepted) {
      expect(problemTexts(result)).toEqual([
        `ageYears: CRAFFT is meant for ages 12-21, not ${ageYears}; a ` +
          'clinician override with a reason is needed',
      ]);
    }
  });

  it('an 11-year-old is scored with a clinician override', () => {
    const result = scored(
      scoreAssessment('crafft', [1, 1, 0, 0, 0, 0], {
        ageYears: 11,
        answeredBy: 'clinician',
        clinicianOverride: { reason: 'Older sibling reports use at home' },
      }),
    );
    expect(result.total).toBe(2);
    expect(result.ageOverride?.reason).toBe(
      'Older sibling reports use at home',
    );
  });

  it('an override with an empty reason is refused', () => {
    const result = scoreAssessment('crafft', Array(6).fill(0), {
      ageYears: 11,
      answeredBy: 'clinician',
      clinicianOverride: { reason: '   ' },
    });
    expect(problemTexts(result)).toEqual([
      'clinicianOverride.reason: must say why CRAFFT is given outside ' +
        'ages 12-21',
    ]);
  });

  it('a guardian may not answer it for the teenager', () => {
    const guardian = { ageYears: 16, answeredBy: 'guardian' } as const;
    expect(
      problemTexts(scoreAssessment('crafft', Array(6).fill(0), guardian)),
    ).toEqual([
      'answeredBy: CRAFFT is answered by patient or clinician, not guardian',
    ]);
  });
});
