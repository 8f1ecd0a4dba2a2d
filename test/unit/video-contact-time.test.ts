import type { CallEventFact } from '../../server/billing/billing-facts';
import { videoContactTime } from '../../server/registry/video-contact-time';

const M = 60_000;
const T0 = Date.parse('2026-03-02T15:00:00Z');
const CM = '00000000-0000-4000-8000-0000000000c1';
const PCP = '00000000-0000-4000-8000-0000000000a1';

type Who = 'cm' | 'patient' | 'guardian' | 'interpreter' | 'pcp';
type Row = [minute: number, type: CallEventFact['type'], who?: Who];

const person: Record<
  Who,
  Pick<CallEventFact, 'userId' | 'participantId'> & {
    participantRole: string;
  }
> = {
  cm: { userId: CM, participantId: CM, participantRole: 'psychiatrist' },
  pcp: { userId: PCP, participantId: PCP, participantRole: 'pcp' },
  patient: { userId: null, participantId: 'v-pat', participantRole: 'patient' },
  guardian: {
    userId: null,
    participantId: 'v-gua',
    participantRole: 'guardian',
  },
  interpreter: {
    userId: null,
    participantId: 'v-int',
    participantRole: 'interpreter',
  },
};

const events = (rows: Row[]): CallEventFact[] =>
  rows.map(([minute, type, who], i) => ({
    id: i + 1,
    callId: 'call-1',
    at: T0 + minute * M,
    type,
    ...(who
      ? person[who]
      : { userId: null, participantId: null, participantRole: null }),
  }));

describe('a care-manager video contact counts the minutes both were connected', () => {
  it.each<
    [string, Row[], [start: number, end: number, minutes: number] | null]
  >([
    [
      'care manager and patient for 20 minutes',
      [
        [0, 'participant_joined', 'cm'],
        [2, 'participant_joined', 'patient'],
        [22, 'participant_left', 'patient'],
        [23, 'call_ended'],
      ],
      [2, 22, 20],
    ],
    [
      'a drop in the middle is not counted',
      [
        [0, 'participant_joined', 'cm'],
        [0, 'participant_joined', 'patient'],
        [10, 'participant_dropped', 'patient'],
        [14, 'participant_reconnected', 'patient'],
        [20, 'call_ended'],
      ],
      [0, 20, 16],
    ],
    [
      'a guardian counts as the patient side',
      [
        [0, 'participant_joined', 'guardian'],
        [5, 'participant_joined', 'cm'],
        [17, 'call_ended'],
      ],
      [5, 17, 12],
    ],
    [
      'patient and guardian together count once',
      [
        [0, 'participant_joined', 'cm'],
        [0, 'participant_joined', 'patient'],
        [3, 'participant_joined', 'guardian'],
        [9, 'call_ended'],
      ],
      [0, 9, 9],
    ],
    [
      'the care manager alone, or with an interpreter, counts nothing',
      [
        [0, 'participant_joined', 'cm'],
        [1, 'participant_joined', 'interpreter'],
        [30, 'call_ended'],
      ],
      null,
    ],
    [
      "another clinician's time with the patient is not the care manager's",
      [
        [0, 'participant_joined', 'pcp'],
        [0, 'participant_joined', 'patient'],
        [5, 'participant_joined', 'cm'],
        [8, 'participant_left', 'cm'],
        [20, 'call_ended'],
      ],
      [5, 8, 3],
    ],
    [
      'under a minute together is no contact time',
      [
        [0, 'participant_joined', 'cm'],
        [0.5, 'participant_joined', 'patient'],
        [1.4, 'call_ended'],
      ],
      null,
    ],
    [
      'whole minutes are rounded down',
      [
        [0, 'participant_joined', 'cm'],
        [0, 'participant_joined', 'patient'],
        [7.9, 'call_ended'],
      ],
      [0, 7.9, 7],
    ],
    [
      'a call without its end event is not counted yet',
      [
        [0, 'participant_joined', 'cm'],
        [0, 'participant_joined', 'patient'],
        [15, 'media_connected', 'patient'],
      ],
      null,
    ],
    ['no events', [], null],
  ])('%s', (_name, rows, expected) => {
    const got = videoContactTime(events(rows), CM);
    expect(
      got && [
        (got.startedAt.getTime() - T0) / M,
        (got.endedAt.getTime() - T0) / M,
        got.minutes,
      ],
    ).toEqual(expected);
  });

  it('reads events in time order whatever order they come in', () => {
    const rows = events([
      [0, 'participant_joined', 'cm'],
      [2, 'participant_joined', 'patient'],
      [12, 'participant_left', 'patient'],
      [13, 'call_ended'],
    ]);
    expect(videoContactTime([...rows].reverse(), CM)?.minutes).toBe(10);
  });
});
