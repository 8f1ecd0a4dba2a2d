import { FOUR_POINT } from './answer-option-sets';
import type { Instrument, InstrumentItem } from './instrument';

/** Items whose first printed option scores 3 (and the last 0). */
const REVERSED = new Set([3, 5, 6, 7, 8, 9, 10]);

const TOPIC: Record<number, string> = {
  3: 'Self-blame',
  4: 'Anxious or worried',
  5: 'Scared or panicky',
  10: 'Thoughts of self-harm',
};

const items: InstrumentItem[] = Array.from({ length: 10 }, (_, i) => {
  const n = i + 1;
  const reversed = REVERSED.has(n);
  const topic = TOPIC[n] ? ` ${TOPIC[n]}` : '';
  return {
    id: `epds.${n}`,
    clinicianLabel: `${n}.${topic}${reversed ? ' (reverse scored)' : ''}`,
    answers: FOUR_POINT,
    scored: true,
    ...(reversed ? { reverseScored: true } : {}),
  };
});

/**
 * Edinburgh Postnatal Depression Scale: ten items about the past 7 days,
 * each 0-3, items 3 and 5-10 reverse scored. Answers are the printed
 * position of the ticked option, so the server applies the reversal.
 * No wording is carried: the Royal College of Psychiatrists allows
 * photocopies for a clinician's own use, not republication online
 * without its written permission (see `terms`, docs/screening.md).
 */
export const EPDS: Instrument = {
  id: 'epds',
  version: '1',
  name: 'EPDS',
  title: 'EPDS (Edinburgh Postnatal Depression Scale)',
  languages: [],
  items,
  subscales: [],
  bands: [
    {
      id: 'below-threshold',
      label: 'Below threshold',
      min: 0,
      max: 9,
    },
    { id: 'possible', label: 'Possible depression', min: 10, max: 12 },
    { id: 'probable', label: 'Probable depression', min: 13, max: 30 },
  ],
  positiveScreens: [
    {
      id: 'possible-depression',
      label: 'Total 10 or more (sensitive cut point)',
      scope: 'total',
      atLeast: 10,
    },
    {
      id: 'probable-depression',
      label: 'Total 13 or more: probable depression',
      scope: 'total',
      atLeast: 13,
    },
  ],
  safetyItems: [
    {
      itemId: 'epds.10',
      atLeast: 1,
      reason:
        'EPDS item 10 is positive (thoughts of self-harm): assess safety ' +
        'the same day.',
    },
  ],
  respondents: ['patient', 'clinician'],
  blanks: { kind: 'required' },
  source: 'Cox JL, Holden JM, Sagovsky R. Br J Psychiatry 1987;150:782-786.',
  terms:
    '\u00a9 1987 The Royal College of Psychiatrists. Individual clinicians ' +
    'may photocopy it for their own use; copying for distribution to ' +
    'others or republication in print, online or by any other medium ' +
    'needs the College\u2019s written permission (the College\u2019s 2013 ' +
    'statement, quoted in the CamCOPS EPDS task documentation, ' +
    'camcops.readthedocs.io/en/latest/tasks/epds.html). A patient link ' +
    'republishes it online, so clinician entry only until that ' +
    'permission is held.',
  selfReportAllowed: false,
};
