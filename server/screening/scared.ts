import { THREE_POINT } from './answer-option-sets';
import type { Instrument, InstrumentItem, Subscale } from './instrument';

/** Subscales with their item numbers and the cut point of each. */
const SUBSCALES = [
  {
    id: 'panic-somatic',
    title: 'Panic disorder or significant somatic symptoms',
    items: [1, 6, 9, 12, 15, 18, 19, 22, 24, 27, 30, 34, 38],
    atLeast: 7,
  },
  {
    id: 'generalized-anxiety',
    title: 'Generalized anxiety disorder',
    items: [5, 7, 14, 21, 23, 28, 33, 35, 37],
    atLeast: 9,
  },
  {
    id: 'separation-anxiety',
    title: 'Separation anxiety',
    items: [4, 8, 13, 16, 20, 25, 29, 31],
    atLeast: 5,
  },
  {
    id: 'social-anxiety',
    title: 'Social anxiety disorder',
    items: [3, 10, 26, 32, 39, 40, 41],
    atLeast: 8,
  },
  {
    id: 'school-avoidance',
    title: 'Significant school avoidance',
    items: [2, 11, 17, 36],
    atLeast: 3,
  },
] as const;

const itemId = (n: number) => `scared.${n}`;

const subscaleOf = (n: number): string =>
  SUBSCALES.find((s) => (s.items as readonly number[]).includes(n))?.id ?? '';

const items: InstrumentItem[] = Array.from({ length: 41 }, (_, i) => ({
  id: itemId(i + 1),
  clinicianLabel: `${i + 1}. ${subscaleOf(i + 1)}`,
  answers: THREE_POINT,
  scored: true,
}));

const subscales: Subscale[] = SUBSCALES.map((s) => ({
  id: s.id,
  title: s.title,
  itemIds: s.items.map(itemId),
}));

/**
 * Screen for Child Anxiety Related Emotional Disorders, 41 items scored 0
 * (not true or hardly ever true), 1 (somewhat or sometimes true), 2 (very
 * or often true). Child and parent versions share items and scoring. Item
 * wording is not carried: a clinician enters the answers.
 */
export const SCARED: Instrument = {
  id: 'scared',
  version: '1',
  name: 'SCARED',
  title: 'SCARED (Screen for Child Anxiety Related Emotional Disorders)',
  languages: [],
  items,
  subscales,
  bands: [
    { id: 'below-cutoff', label: 'Below cut-off', min: 0, max: 24 },
    {
      id: 'positive',
      label: 'Possible anxiety disorder',
      min: 25,
      max: 82,
    },
  ],
  positiveScreens: [
    {
      id: 'total',
      label: 'Total 25 or more: possible anxiety disorder',
      scope: 'total',
      atLeast: 25,
    },
    ...SUBSCALES.map((s) => ({
      id: s.id,
      label: `${s.title} ${s.atLeast} or more`,
      scope: s.id,
      atLeast: s.atLeast,
    })),
  ],
  safetyItems: [],
  respondents: ['patient', 'guardian', 'clinician'],
  ages: { min: 8, max: 18, basis: 'Children and adolescents 8-18.' },
  blanks: { kind: 'required' },
  source:
    'Birmaher B, et al. J Am Acad Child Adolesc Psychiatry 1997;36:545-553 ' +
    'and 1999;38:1230-1236 (41-item version).',
  terms:
    'Distributed free of charge by its authors (University of ' +
    'Pittsburgh), but no statement of theirs allowing electronic ' +
    'reproduction was found, and an online publisher credits ' +
    'Dr. Birmaher\u2019s permission for its use (eMentalHealth.ca). The ' +
    'child and parent forms also word each item differently, which one ' +
    'text per item cannot carry: clinician entry only.',
  selfReportAllowed: false,
};
