import {
  type AssessmentContext,
  scoreAssessment,
} from '../../server/screening/score-assessment';
import {
  answersSumming,
  problemTexts,
  scored,
} from '../support/screening-answers';

const mother: AssessmentContext = { ageYears: 29, answeredBy: 'patient' };

/** Items printed with the highest-scoring option first (1-based). */
const REVERSED = [3, 5, 6, 7, 8, 9, 10];

/** The printed positions a respondent ticks to give these item values. */
const positionsFor = (values: number[]): number[] =>
  values.map((v, i) => (REVERSED.includes(i + 1) ? 3 - v : v));

/** Ten answers worth `total`, item 10 (self-harm) kept at 0. */
const summing = (total: number) =>
  positionsFor([...answersSumming(9, total, 3), 0]);

describe('EPDS reverse scoring', () => {
  it('the first option on all ten items scores 21', () => {
    expect(
      scored(scoreAssessment('epds', Array(10).fill(0), mother)).total,
    ).toBe(21);
  });

  it('the last option on all ten items scores 9 (items 1, 2, 4 only)', () => {
    expect(
      scored(scoreAssessment('epds', Array(10).fill(3), mother)).total,
    ).toBe(9);
  });

  it('item values after reversal are what the scorer sums', () => {
    const result = scored(scoreAssessment('epds', Array(10).fill(0), mother));
    expect(result.itemValues).toEqual([0, 0, 3, 0, 3, 3, 3, 3, 3, 3]);
  });

  it('minimum 0 and maximum 30', () => {
    const min = scored(
      scoreAssessment('epds', positionsFor(Array(10).fill(0)), mother),
    );
    const max = scored(
      scoreAssessment('epds', positionsFor(Array(10).fill(3)), mother),
    );
    expect([min.total, max.total]).toEqual([0, 30]);
    expect([min.band.id, max.band.id]).toEqual(['below-threshold', 'probable']);
  });
});

describe('EPDS cut points: >= 10 possible, >= 13 probable', () => {
  it.each([
    [0, 'below-threshold', []],
    [9, 'below-threshold', []],
    [10, 'possible', ['possible-depression']],
    [11, 'possible', ['possible-depression']],
    [12, 'possible', ['possible-depression']],
    [13, 'probable', ['possible-depression', 'probable-depression']],
    [14, 'probable', ['possible-depression', 'probable-depression']],
    [27, 'probable', ['possible-depression', 'probable-depression']],
  ])('total %i -> %s %j', (total, band, screens) => {
    const result = scored(scoreAssessment('epds', summing(total), mother));
    expect(result.total).toBe(total);
    expect(result.band.id).toBe(band);
    expect(result.positiveScreens.map((s) => s.id)).toEqual(screens);
    expect(result.flags).toEqual([]);
  });
});

describe('EPDS item 10 (self-harm) safety flag: any value above 0', () => {
  it.each([
    [3, 0, false],
    [2, 1, true],
    [1, 2, true],
    [0, 3, true],
  ])('printed option %i (value %i) flags: %s', (position, value, flagged) => {
    const answers = [...positionsFor(Array(9).fill(0)), position];
    const result = scored(scoreAssessment('epds', answers, mother));
    expect(result.total).toBe(value);
    expect(result.flags.map((f) => [f.itemId, f.itemIndex, f.value])).toEqual(
      flagged ? [['epds.10', 9, value]] : [],
    );
  });
});

describe('EPDS validation', () => {
  it('every item required, each 0-3', () => {
    const answers = [0, 0, 0, 0, 0, 0, 0, 0, null, 4];
    expect(problemTexts(scoreAssessment('epds', answers, mother))).toEqual([
      'items[8]: must be 0-3, not blank',
      'items[9]: must be 0-3',
    ]);
  });

  it('has no age limit and is not answered by a guardian', () => {
    const teen = { ageYears: 16, answeredBy: 'patient' } as const;
    expect(scoreAssessment('epds', Array(10).fill(0), teen).status).toBe(
      'scored',
    );
    const guardian = { ageYears: 16, answeredBy: 'guardian' } as const;
    expect(
      problemTexts(scoreAssessment('epds', Array(10).fill(0), guardian)),
    ).toEqual([
      'answeredBy: EPDS is answered by patient or clinician, not guardian',
    ]);
  });
});
