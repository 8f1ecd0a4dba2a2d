import { NO_YES } from './answer-option-sets';
import type { Instrument, InstrumentItem } from './instrument';

/** The CRAFFT mnemonic, one letter per part B question. */
const MNEMONIC = [
  ['car', 'C: Car'],
  ['relax', 'R: Relax'],
  ['alone', 'A: Alone'],
  ['forget', 'F: Forget'],
  ['friends', 'F: Family or friends'],
  ['trouble', 'T: Trouble'],
] as const;

const items: InstrumentItem[] = MNEMONIC.map(([key, label], i) => ({
  id: `crafft.${key}`,
  clinicianLabel: `${i + 1}. ${label} (yes/no)`,
  answers: NO_YES,
  scored: true,
}));

/**
 * CRAFFT 2.1 part B: six yes/no questions, each yes scores 1. When part A
 * found no use in the past 12 months only the Car question is asked; the
 * clinician then enters "no" for the other five, which scores the same.
 */
export const CRAFFT: Instrument = {
  id: 'crafft',
  version: '1',
  name: 'CRAFFT',
  title: 'CRAFFT 2.1 (part B)',
  languages: [],
  items,
  subscales: [],
  bands: [
    { id: 'lower-risk', label: 'Lower risk', min: 0, max: 1 },
    { id: 'high-risk', label: 'High risk', min: 2, max: 6 },
  ],
  positiveScreens: [
    {
      id: 'high-risk',
      label: '2 or more yes: high risk of a substance use disorder',
      scope: 'total',
      atLeast: 2,
    },
  ],
  safetyItems: [],
  respondents: ['patient', 'clinician'],
  ages: { min: 12, max: 21, basis: 'Adolescents and young adults 12-21.' },
  blanks: { kind: 'required' },
  source:
    'Knight JR, et al.; CRAFFT 2.1, Center for Adolescent Behavioral ' +
    'Health Research, Boston Children\u2019s Hospital (crafft.org).',
  terms:
    'Copyright John R. Knight, Boston Children\u2019s Hospital; ' +
    'crafft.org\u2019s reproduction terms were not found (searched ' +
    'December 2026). The self-administered form also opens with part A ' +
    '(days of use in the past 12 months) and its skip rule, which this ' +
    'part B definition does not carry: clinician entry only.',
  selfReportAllowed: false,
};
