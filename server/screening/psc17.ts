import { PSC_FREQUENCY } from './answer-option-sets';
import type { Instrument, InstrumentItem } from './instrument';

/**
 * Item number -> subscale and English wording, in the order printed on the
 * PSC-17 form.
 */
const FORM = [
  ['attention', 'Fidgety, unable to sit still'], // 1
  ['internalizing', 'Feels sad, unhappy'], // 2
  ['attention', 'Daydreams too much'], // 3
  ['externalizing', 'Refuses to share'], // 4
  ['externalizing', "Does not understand other people's feelings"], // 5
  ['internalizing', 'Feels hopeless'], // 6
  ['attention', 'Has trouble concentrating'], // 7
  ['externalizing', 'Fights with other children'], // 8
  ['internalizing', 'Is down on self'], // 9
  ['externalizing', 'Blames others for his/her troubles'], // 10
  ['internalizing', 'Seems to be having less fun'], // 11
  ['externalizing', 'Does not listen to rules'], // 12
  ['attention', 'Acts as if driven by a motor'], // 13
  ['externalizing', 'Teases others'], // 14
  ['internalizing', 'Worries a lot'], // 15
  ['externalizing', 'Takes things that do not belong to him/her'], // 16
  ['attention', 'Distracted easily'], // 17
] as const;

const items: InstrumentItem[] = FORM.map(([subscale, en], i) => ({
  id: `psc17.${i + 1}`,
  clinicianLabel: `${i + 1}. ${subscale}`,
  text: { en },
  answers: PSC_FREQUENCY,
  scored: true,
}));

const itemsOf = (subscale: string): string[] =>
  FORM.flatMap(([s], i) => (s === subscale ? [`psc17.${i + 1}`] : []));

/**
 * Pediatric Symptom Checklist-17, completed by a parent or guardian. Items
 * score 0 (never), 1 (sometimes), 2 (often). The PSC is free to use, so the
 * English form goes to a parent by link; the Spanish form is not carried:
 * in two searches (December 2026) the Spanish copies found disagree with
 * one another, the one shaped like the Massachusetts General Hospital form
 * marks itself unverified, and MGH's own Spanish PDF was not among the
 * stored pages (docs/screening.md lists the queries). A Spanish link is
 * refused until that form is in hand and compared.
 */
export const PSC17: Instrument = {
  id: 'psc17',
  version: '1',
  name: 'PSC-17',
  title: 'PSC-17 (Pediatric Symptom Checklist-17)',
  languages: ['en'],
  items,
  subscales: [
    {
      id: 'internalizing',
      title: 'Internalizing',
      itemIds: itemsOf('internalizing'),
    },
    { id: 'attention', title: 'Attention', itemIds: itemsOf('attention') },
    {
      id: 'externalizing',
      title: 'Externalizing',
      itemIds: itemsOf('externalizing'),
    },
  ],
  bands: [
    { id: 'below-cutoff', label: 'Below cut-off', min: 0, max: 14 },
    { id: 'positive', label: 'Positive', min: 15, max: 34 },
  ],
  positiveScreens: [
    {
      id: 'total',
      label: 'Total 15 or more',
      scope: 'total',
      atLeast: 15,
    },
    {
      id: 'internalizing',
      label: 'Internalizing 5 or more',
      scope: 'internalizing',
      atLeast: 5,
    },
    {
      id: 'attention',
      label: 'Attention 7 or more',
      scope: 'attention',
      atLeast: 7,
    },
    {
      id: 'externalizing',
      label: 'Externalizing 7 or more',
      scope: 'externalizing',
      atLeast: 7,
    },
  ],
  safetyItems: [],
  respondents: ['guardian', 'clinician'],
  ages: {
    min: 4,
    max: 16,
    basis: 'School-age children and adolescents 4-16 (verify).',
  },
  blanks: { kind: 'score-as-zero', invalidAt: 4 },
  source:
    'Gardner W, Murphy M, Childs G, et al. Ambulatory Child Health ' +
    '1999;5:225-236; scoring per the PSC manual (Massachusetts General ' +
    'Hospital).',
  terms:
    'The PSC is free to use and reproduce (Massachusetts General ' +
    'Hospital, Jellinek and Murphy), English and its translations.',
  wording: {
    en:
      'Item wording checked against four independent copies (two PSC-17, ' +
      'two PSC-35 forms, December 2026), choices Never/Sometimes/Often in ' +
      'all; the printed order against one PSC-17 form copy and the ' +
      'published subscale key. Copies differ on pronouns ("his/her" vs ' +
      '"his or her"); ours follows both PSC-17 copies.',
  },
  selfReportAllowed: true,
};
