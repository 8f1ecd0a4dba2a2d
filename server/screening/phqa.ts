import { FREQUENCY_0_3, NO_YES } from './answer-option-sets';
import type { Instrument, InstrumentItem } from './instrument';
import { PHQ_SEVERITY_BANDS } from './phq9';

const symptom = (n: number, topic: string): InstrumentItem => ({
  id: `phqa.${n}`,
  clinicianLabel: `${n}. ${topic}`,
  answers: FREQUENCY_0_3,
  scored: true,
});

/**
 * PHQ-A: the nine PHQ-9 symptoms adapted for adolescents (same 0-3 scoring,
 * item 9 the self-harm item), followed by four questions that are asked but
 * not summed. Wording is not carried: the adapted form's text is consistent
 * across public copies, but its copyright holder's reproduction terms were
 * not found, so a clinician enters the answers and the self-report link
 * stays off (docs/screening.md).
 */
export const PHQA: Instrument = {
  id: 'phqa',
  version: '1',
  name: 'PHQ-A',
  title: 'PHQ-A (PHQ-9 modified for adolescents)',
  languages: [],
  items: [
    symptom(1, 'Down, depressed, irritable, hopeless'),
    symptom(2, 'Little interest or pleasure'),
    symptom(3, 'Sleep'),
    symptom(4, 'Appetite or weight'),
    symptom(5, 'Tired, little energy'),
    symptom(6, 'Feeling bad about self'),
    symptom(7, 'Concentration'),
    symptom(8, 'Slowed or restless'),
    symptom(9, 'Thoughts of death or self-harm'),
    {
      id: 'phqa.past-year',
      clinicianLabel:
        '10. Depressed or sad most days in the past year (yes/no)',
      answers: NO_YES,
      scored: false,
    },
    {
      id: 'phqa.difficulty',
      clinicianLabel: '11. Difficulty (not scored)',
      answers: FREQUENCY_0_3,
      scored: false,
      optional: true,
    },
    {
      id: 'phqa.serious-thoughts',
      clinicianLabel:
        '12. Serious thoughts of ending life in the past month (yes/no)',
      answers: NO_YES,
      scored: false,
    },
    {
      id: 'phqa.attempt',
      clinicianLabel: '13. Suicide attempt ever in life (yes/no)',
      answers: NO_YES,
      scored: false,
    },
  ],
  subscales: [],
  bands: PHQ_SEVERITY_BANDS,
  positiveScreens: [
    {
      id: 'major-depression',
      label: 'Total 10 or more: suggests major depression',
      scope: 'total',
      atLeast: 10,
    },
  ],
  safetyItems: [
    {
      itemId: 'phqa.9',
      atLeast: 1,
      reason:
        'PHQ-A item 9 is positive (thoughts of death or self-harm): ' +
        'assess suicide risk the same day.',
    },
    {
      itemId: 'phqa.serious-thoughts',
      atLeast: 1,
      reason:
        'PHQ-A: serious thoughts of ending life in the past month: ' +
        'assess suicide risk the same day.',
    },
    {
      itemId: 'phqa.attempt',
      atLeast: 1,
      reason:
        'PHQ-A: a suicide attempt at some time in life: assess current ' +
        'suicide risk the same day.',
    },
  ],
  respondents: ['patient', 'clinician'],
  ages: {
    min: 11,
    max: 17,
    basis: 'Adolescents 11-17 (GLAD-PC toolkit use; verify).',
  },
  blanks: { kind: 'required' },
  source:
    'Johnson JG, Harris ES, Spitzer RL, Williams JBW. J Adolesc Health ' +
    '2002;30:196-204; form as distributed in the GLAD-PC toolkit.',
  terms:
    'The form in use, GLAD-PC \u201cPHQ-9 modified for teens\u201d, is ' +
    '\u201cmodified with permission\u201d from the PHQ-9, the revised ' +
    'PHQ-A (Johnson 2002) and the CDS, \u00a9 2018 The REACH Institute ' +
    '(its footer as reproduced in public code). Pfizer\u2019s PHQ ' +
    'permission does not reach this derivative and no REACH Institute ' +
    'reproduction terms were found: clinician entry only.',
  selfReportAllowed: false,
};
