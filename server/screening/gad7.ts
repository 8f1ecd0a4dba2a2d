import { PHQ_FREQUENCY } from './answer-option-sets';
import type { Instrument, InstrumentItem } from './instrument';

const item = (
  n: number,
  clinicianLabel: string,
  en: string,
): InstrumentItem => ({
  id: `gad7.${n}`,
  clinicianLabel: `${n}. ${clinicianLabel}`,
  text: { en },
  answers: PHQ_FREQUENCY,
  scored: true,
});

/**
 * Generalized Anxiety Disorder-7, from the same PHQ screener family as the
 * PHQ-9 and under the same terms. English wording of the Pfizer form;
 * Spanish left out until copied from the published Spanish form.
 */
export const GAD7: Instrument = {
  id: 'gad7',
  version: '1',
  name: 'GAD-7',
  title: 'GAD-7 (Generalized Anxiety Disorder-7)',
  languages: ['en'],
  stem: {
    en:
      'Over the last 2 weeks, how often have you been bothered by the ' +
      'following problems?',
  },
  items: [
    item(
      1,
      'Nervous, anxious, on edge',
      'Feeling nervous, anxious, or on edge',
    ),
    item(
      2,
      'Cannot stop worrying',
      'Not being able to stop or control worrying',
    ),
    item(3, 'Worrying too much', 'Worrying too much about different things'),
    item(4, 'Trouble relaxing', 'Trouble relaxing'),
    item(5, 'Restless', 'Being so restless that it is hard to sit still'),
    item(6, 'Annoyed, irritable', 'Becoming easily annoyed or irritable'),
    item(
      7,
      'Afraid something awful',
      'Feeling afraid, as if something awful might happen',
    ),
  ],
  subscales: [],
  bands: [
    { id: 'minimal', label: 'Minimal', min: 0, max: 4 },
    { id: 'mild', label: 'Mild', min: 5, max: 9 },
    { id: 'moderate', label: 'Moderate', min: 10, max: 14 },
    { id: 'severe', label: 'Severe', min: 15, max: 21 },
  ],
  positiveScreens: [
    {
      id: 'anxiety',
      label: 'Total 10 or more: possible anxiety disorder',
      scope: 'total',
      atLeast: 10,
    },
  ],
  safetyItems: [],
  respondents: ['patient', 'clinician'],
  ages: {
    min: 12,
    basis: 'Adults; also used in adolescents from age 12 (verify).',
  },
  blanks: { kind: 'required' },
  source:
    'Spitzer RL, Kroenke K, Williams JBW, Lowe B. Arch Intern Med ' +
    '2006;166:1092-1097. Form: Pfizer, phqscreeners.com.',
  terms:
    'PHQ screener family, educational grant from Pfizer; no permission ' +
    'required to reproduce, translate, display or distribute.',
  selfReportAllowed: true,
  loinc: '70274-6',
};
