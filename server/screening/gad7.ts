import { PHQ_FREQUENCY } from './answer-option-sets';
import type { Instrument, InstrumentItem } from './instrument';

const item = (
  n: number,
  clinicianLabel: string,
  en: string,
  es: string,
): InstrumentItem => ({
  id: `gad7.${n}`,
  clinicianLabel: `${n}. ${clinicianLabel}`,
  text: { en, es },
  answers: PHQ_FREQUENCY,
  scored: true,
});

/**
 * Generalized Anxiety Disorder-7, from the same PHQ screener family as the
 * PHQ-9 and under the same terms. English and Spanish (USA) wording of
 * the Pfizer forms; see `wording` for what each was checked against.
 */
export const GAD7: Instrument = {
  id: 'gad7',
  version: '1',
  name: 'GAD-7',
  title: 'GAD-7 (Generalized Anxiety Disorder-7)',
  languages: ['en', 'es'],
  stem: {
    en:
      'Over the last 2 weeks, how often have you been bothered by the ' +
      'following problems?',
    es:
      'Durante las últimas 2 semanas, ¿con qué frecuencia le han ' +
      'molestado los siguientes problemas?',
  },
  items: [
    item(
      1,
      'Nervous, anxious, on edge',
      'Feeling nervous, anxious, or on edge',
      'Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta',
    ),
    item(
      2,
      'Cannot stop worrying',
      'Not being able to stop or control worrying',
      'No ha sido capaz de parar o controlar su preocupación',
    ),
    item(
      3,
      'Worrying too much',
      'Worrying too much about different things',
      'Se ha preocupado demasiado por motivos diferentes',
    ),
    item(
      4,
      'Trouble relaxing',
      'Trouble relaxing',
      'Ha tenido dificultad para relajarse',
    ),
    item(
      5,
      'Restless',
      'Being so restless that it is hard to sit still',
      'Se ha sentido tan inquieto(a) que no ha podido quedarse quieto(a)',
    ),
    item(
      6,
      'Annoyed, irritable',
      'Becoming easily annoyed or irritable',
      'Se ha molestado o irritado fácilmente',
    ),
    item(
      7,
      'Afraid something awful',
      'Feeling afraid, as if something awful might happen',
      'Ha tenido miedo de que algo terrible fuera a pasar',
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
  wording: {
    en:
      'Checked against five reproductions of the Pfizer form (December ' +
      '2026); they differ only on two commas.',
    es:
      'Items checked word for word against four independent copies of ' +
      'the Spanish (USA) form, one stating it locks the U.S. Spanish ' +
      'items; the stem and the choices (the PHQ-9\'s "Ningún día" set) ' +
      'against several more (December 2026). Adaptations with other ' +
      'wording ("Para nada", "Nunca") exist and were not used.',
  },
  selfReportAllowed: true,
  loinc: '70274-6',
};
