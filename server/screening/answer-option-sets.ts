import type { AnswerOptionSet } from './instrument';

/**
 * Option sets shared by several instruments. The worded sets are those of
 * instruments free to reproduce whose wording was checked (PHQ family,
 * PSC-17 English; see docs/screening.md "Wording check"); the others carry
 * values only, because the instruments using them are entered by a
 * clinician from the paper form.
 */

/** PHQ-9 and GAD-7: how often over the last 2 weeks, scored 0-3. */
export const PHQ_FREQUENCY: AnswerOptionSet = {
  id: 'phq-frequency',
  options: [
    { value: 0, text: { en: 'Not at all', es: 'Ningún día' } },
    { value: 1, text: { en: 'Several days', es: 'Varios días' } },
    {
      value: 2,
      text: {
        en: 'More than half the days',
        es: 'Más de la mitad de los días',
      },
    },
    { value: 3, text: { en: 'Nearly every day', es: 'Casi todos los días' } },
  ],
};

/** The PHQ-9's closing question on how much the problems get in the way. */
export const PHQ_DIFFICULTY: AnswerOptionSet = {
  id: 'phq-difficulty',
  options: [
    {
      value: 0,
      text: { en: 'Not difficult at all', es: 'No ha sido difícil' },
    },
    { value: 1, text: { en: 'Somewhat difficult', es: 'Un poco difícil' } },
    { value: 2, text: { en: 'Very difficult', es: 'Muy difícil' } },
    {
      value: 3,
      text: { en: 'Extremely difficult', es: 'Extremadamente difícil' },
    },
  ],
};

/** PSC-17, as printed on the English form: never 0, sometimes 1, often 2. */
export const PSC_FREQUENCY: AnswerOptionSet = {
  id: 'psc-frequency',
  options: [
    { value: 0, text: { en: 'Never' } },
    { value: 1, text: { en: 'Sometimes' } },
    { value: 2, text: { en: 'Often' } },
  ],
};

/** Values 0..count-1 in printed order, with no wording. */
export function unwordedScale(id: string, count: number): AnswerOptionSet {
  return {
    id,
    options: Array.from({ length: count }, (_, value) => ({ value })),
  };
}

/** 0 = no, 1 = yes, whatever order a paper form prints them in. */
export const NO_YES = unwordedScale('no-yes', 2);
/** PHQ-A's four frequency choices, entered by the clinician. */
export const FREQUENCY_0_3 = unwordedScale('frequency-0-3', 4);
/** SCARED: three choices scored 0-2. */
export const THREE_POINT = unwordedScale('three-point-0-2', 3);
/** EPDS: four choices scored 0-3 (reversed on items 3 and 5-10). */
export const FOUR_POINT = unwordedScale('four-point-0-3', 4);
