import { PHQ_DIFFICULTY, PHQ_FREQUENCY } from './answer-option-sets';
import type { Instrument, InstrumentItem } from './instrument';

const item = (
  n: number,
  clinicianLabel: string,
  en: string,
  loinc?: string,
): InstrumentItem => ({
  id: `phq9.${n}`,
  clinicianLabel: `${n}. ${clinicianLabel}`,
  text: { en },
  answers: PHQ_FREQUENCY,
  scored: true,
  ...(loinc ? { loinc } : {}),
});

/** PHQ-9 severity bands; PHQ-A is scored against the same bands. */
export const PHQ_SEVERITY_BANDS = [
  { id: 'minimal', label: 'None-minimal', min: 0, max: 4 },
  { id: 'mild', label: 'Mild', min: 5, max: 9 },
  { id: 'moderate', label: 'Moderate', min: 10, max: 14 },
  {
    id: 'moderately-severe',
    label: 'Moderately severe',
    min: 15,
    max: 19,
  },
  { id: 'severe', label: 'Severe', min: 20, max: 27 },
] as const;

/**
 * Patient Health Questionnaire-9. English wording of the Pfizer form
 * (phqscreeners.com). Spanish is left out until it is copied from the
 * published Spanish (USA) form: versions in circulation differ.
 */
export const PHQ9: Instrument = {
  id: 'phq9',
  version: '1',
  name: 'PHQ-9',
  title: 'PHQ-9 (Patient Health Questionnaire-9)',
  languages: ['en'],
  stem: {
    en:
      'Over the last 2 weeks, how often have you been bothered by any of ' +
      'the following problems?',
  },
  items: [
    item(
      1,
      'Little interest or pleasure',
      'Little interest or pleasure in doing things',
    ),
    item(
      2,
      'Down, depressed, hopeless',
      'Feeling down, depressed, or hopeless',
    ),
    item(3, 'Sleep', 'Trouble falling or staying asleep, or sleeping too much'),
    item(4, 'Tired, little energy', 'Feeling tired or having little energy'),
    item(5, 'Appetite', 'Poor appetite or overeating'),
    item(
      6,
      'Feeling bad about self',
      'Feeling bad about yourself \u2014 or that you are a failure or have ' +
        'let yourself or your family down',
    ),
    item(
      7,
      'Concentration',
      'Trouble concentrating on things, such as reading the newspaper or ' +
        'watching television',
    ),
    item(
      8,
      'Slowed or restless',
      'Moving or speaking so slowly that other people could have noticed? ' +
        'Or the opposite \u2014 being so fidgety or restless that you have ' +
        'been moving around a lot more than usual',
    ),
    item(
      9,
      'Thoughts of death or self-harm',
      'Thoughts that you would be better off dead or of hurting yourself ' +
        'in some way',
      '44260-8',
    ),
    {
      id: 'phq9.difficulty',
      clinicianLabel: '10. Difficulty (not scored)',
      text: {
        en:
          'If you checked off any problems, how difficult have these ' +
          'problems made it for you to do your work, take care of things ' +
          'at home, or get along with other people?',
      },
      answers: PHQ_DIFFICULTY,
      scored: false,
      optional: true,
    },
  ],
  subscales: [],
  bands: PHQ_SEVERITY_BANDS,
  positiveScreens: [
    {
      id: 'major-depression',
      label: 'Total 10 or more: possible major depression',
      scope: 'total',
      atLeast: 10,
    },
  ],
  safetyItems: [
    {
      itemId: 'phq9.9',
      atLeast: 1,
      reason:
        'PHQ-9 item 9 is positive (thoughts of death or self-harm): ' +
        'assess suicide risk the same day.',
    },
  ],
  respondents: ['patient', 'clinician'],
  ages: {
    min: 12,
    basis:
      'Adults; also used from age 12, where universal depression ' +
      'screening starts (verify per program).',
  },
  blanks: { kind: 'required' },
  source:
    'Kroenke K, Spitzer RL, Williams JBW. J Gen Intern Med 2001;16:606-613. ' +
    'Form: Pfizer, phqscreeners.com.',
  terms:
    'Developed by Drs. Spitzer, Williams, Kroenke and colleagues with an ' +
    'educational grant from Pfizer; no permission required to reproduce, ' +
    'translate, display or distribute.',
  selfReportAllowed: true,
  loinc: '44261-6',
};
