import { THREE_POINT } from './answer-option-sets';
import type { Instrument, InstrumentItem } from './instrument';

/** Item number -> subscale, in the order printed on the PSC-17 form. */
const SUBSCALE_OF_ITEM = [
  'attention', // 1
  'internalizing', // 2
  'attention', // 3
  'externalizing', // 4
  'externalizing', // 5
  'internalizing', // 6
  'attention', // 7
  'externalizing', // 8
  'internalizing', // 9
  'externalizing', // 10
  'internalizing', // 11
  'externalizing', // 12
  'attention', // 13
  'externalizing', // 14
  'internalizing', // 15
  'externalizing', // 16
  'attention', // 17
] as const;

const items: InstrumentItem[] = SUBSCALE_OF_ITEM.map((subscale, i) => ({
  id: `psc17.${i + 1}`,
  clinicianLabel: `${i + 1}. ${subscale}`,
  answers: THREE_POINT,
  scored: true,
}));

const itemsOf = (subscale: string): string[] =>
  SUBSCALE_OF_ITEM.flatMap((s, i) =>
    s === subscale ? [`psc17.${i + 1}`] : [],
  );

/**
 * Pediatric Symptom Checklist-17, completed by a parent or guardian. Items
 * score 0 (never), 1 (sometimes), 2 (often). Wording not carried yet:
 * verify the terms and copy the English and Spanish forms before enabling
 * the self-report link.
 */
export const PSC17: Instrument = {
  id: 'psc17',
  version: '1',
  name: 'PSC-17',
  title: 'PSC-17 (Pediatric Symptom Checklist-17)',
  languages: [],
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
  terms: 'Reproduction terms not confirmed here: clinician entry only.',
  selfReportAllowed: false,
};
