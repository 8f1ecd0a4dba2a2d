import {
  activeEditorMs,
  suggestedReportMinutes,
} from '../../client/src/time/editor-time';
import {
  screeningSummary,
  urgencyReasonText,
} from '../../client/src/api/consult-context';
import { timeSentence } from '../../client/src/time/time-words';

const MIN = 60_000;
const at = (...minutes: number[]) => minutes.map((m) => 1_000_000 + m * MIN);

describe('report-writing minutes suggested from editor time', () => {
  it.each([
    ['no work in the editor', [], 0],
    ['one touch counts half a minute', at(0), 0.5 * MIN],
    [
      'steady typing for nine minutes',
      at(0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
      9.5 * MIN,
    ],
    // The 20-minute pause (a phone call, lunch) is not report writing.
    ['a long pause is a break', at(0, 1, 2, 22, 23), 4 * MIN],
    ['order does not matter', at(2, 0, 1), 2.5 * MIN],
  ])('%s', (_what, marks, ms) => {
    expect(activeEditorMs(marks)).toBe(ms);
  });

  it.each([
    [at(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 0, 10],
    [at(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 4, 6],
    // Already logged more than the editor saw: nothing to suggest.
    [at(0, 1, 2), 5, 0],
    [[], 0, 0],
  ])('suggestion for %j with %d min logged is %d', (marks, logged, want) => {
    expect(suggestedReportMinutes(marks, logged)).toBe(want);
  });
});

describe('consult context words', () => {
  it.each([
    [
      {
        urgency: 'urgent',
        urgencyReason: 'screening_item9_positive',
        emergency: false,
        screening: { instrument: 'phqa', items: [2, 2, 1, 2, 1, 2, 1, 2, 1] },
      },
      'PHQ-A item 9 = 1 (thoughts of self-harm), score 14',
    ],
    [
      { urgency: 'urgent', urgencyReason: 'requested', emergency: true },
      'Marked an emergency by the requesting clinician',
    ],
    [
      { urgency: 'urgent', urgencyReason: 'requested', emergency: false },
      'Marked urgent by the requesting clinician',
    ],
    [
      { urgency: 'routine', urgencyReason: 'requested', emergency: false },
      null,
    ],
  ] as const)('urgency reason of %j', (c, want) => {
    expect(urgencyReasonText(c as never)).toBe(want);
  });

  it('screen summary names the instrument, the score and item 9', () => {
    expect(
      screeningSummary({
        screening: { instrument: 'phq9', items: [3, 3, 3, 3, 3, 3, 3, 3, 0] },
      }),
    ).toBe('PHQ-9 score 24, item 9 = 0');
    expect(screeningSummary({ screening: null })).toBeNull();
  });

  it('time sentence: whole minutes counted and parts that agree with them', () => {
    expect(
      timeSentence({
        clinicianId: 'u',
        minutes: 6,
        byClass: { discussion: 6.62, report_writing: 0 },
        overlapMinutes: 0,
      }),
    ).toBe('6 whole minutes counted (discussion 6.6 min)');
  });
});
