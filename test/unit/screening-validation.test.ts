import { PHQ9 } from '../../server/screening/phq9';
import {
  instrumentRegistry,
  instrumentIds,
} from '../../server/screening/instruments';
import { scoreAssessment } from '../../server/screening/score-assessment';
import { problemTexts, rejected } from '../support/screening-answers';

const adult = { ageYears: 40, answeredBy: 'patient' } as const;
const VALID = 'phq9, phqa, gad7, psc17, scared, epds, crafft';

describe('scoreAssessment refuses what it cannot score, naming fields', () => {
  it('an unknown instrument lists the valid ids', () => {
    const result = rejected(scoreAssessment('phq-9', Array(9).fill(0), adult));
    expect(result.problems).toEqual([
      {
        code: 'unknown_instrument',
        field: 'instrument',
        message: `unknown instrument 'phq-9'; valid: ${VALID}`,
      },
    ]);
    expect(result.validInstrumentIds).toEqual(VALID.split(', '));
  });

  it.each([[undefined], [null], ['0,1,2'], [{ 0: 1 }]])(
    'items %j is not an array',
    (answers) => {
      expect(problemTexts(scoreAssessment('phq9', answers, adult))).toEqual([
        'items: must be an array of answers (option positions)',
      ]);
    },
  );

  it.each([['nurse'], [undefined]])(
    'answeredBy %j is not a respondent',
    (answeredBy) => {
      const context = { ageYears: 40, answeredBy } as never;
      expect(
        problemTexts(scoreAssessment('phq9', Array(9).fill(0), context)),
      ).toEqual(['answeredBy: must be patient, guardian or clinician']);
    },
  );

  it.each([[-1], [12.5], [131], [Number.NaN]])(
    'ageYears %p is not an age',
    (ageYears) => {
      const result = scoreAssessment('phq9', Array(9).fill(0), {
        ageYears,
        answeredBy: 'patient',
      });
      expect(problemTexts(result)).toEqual([
        'ageYears: must be a whole number of years from 0 to 130',
      ]);
    },
  );

  it('returns every problem at once, each with its code', () => {
    const result = rejected(
      scoreAssessment('psc17', [...Array(16).fill(0), 5], {
        ageYears: 2,
        answeredBy: 'patient',
      }),
    );
    expect(result.problems.map((p) => p.code)).toEqual([
      'respondent_not_allowed',
      'age_out_of_range',
      'answer_out_of_range',
    ]);
    expect(problemTexts(result)).toEqual([
      'answeredBy: PSC-17 is answered by guardian or clinician, not patient',
      'ageYears: PSC-17 is meant for ages 4-16, not 2; a clinician ' +
        'override with a reason is needed',
      'items[16]: must be 0-2',
    ]);
  });

  it('a client-sent total has no way in: only item answers are read', () => {
    const answers = Object.assign(Array(9).fill(0), { total: 27 });
    const result = scoreAssessment('phq9', answers, adult);
    expect(result.status === 'scored' && result.total).toBe(0);
  });

  it('PHQ-9 under 12 needs the override; with it, it is scored', () => {
    const child = { ageYears: 11, answeredBy: 'patient' } as const;
    expect(
      problemTexts(scoreAssessment('phq9', Array(9).fill(0), child)),
    ).toEqual([
      'ageYears: PHQ-9 is meant for ages 12 and over, not 11; a clinician ' +
        'override with a reason is needed',
    ]);
    const withOverride = scoreAssessment('phq9', Array(9).fill(0), {
      ...child,
      clinicianOverride: { reason: 'Family request; reviewed with parent' },
    });
    expect(withOverride.status).toBe('scored');
  });
});

describe('instrument registry', () => {
  it('scores against the registry it is given', () => {
    const onlyPhq9 = instrumentRegistry([PHQ9]);
    expect(instrumentIds(onlyPhq9)).toEqual(['phq9']);
    expect(
      problemTexts(scoreAssessment('gad7', Array(7).fill(0), adult, onlyPhq9)),
    ).toEqual(["instrument: unknown instrument 'gad7'; valid: phq9"]);
  });

  it('refuses the same id twice', () => {
    expect(() => instrumentRegistry([PHQ9, PHQ9])).toThrow(
      "instrument id 'phq9' is listed twice",
    );
  });
});
