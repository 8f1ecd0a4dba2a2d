import { eligibleDutyIn } from '../../server/queue/eligible-duty';
import type { QueueEntry, Worker } from '../../server/queue/queue-types';

/** The in-memory count follows the SQL's rules (eligibleDuty), row by row. */
const entry = (over: Partial<QueueEntry> = {}): QueueEntry => ({
  consultId: 'c1',
  line: 'psychiatry',
  programId: 'p',
  requestedBy: 'pcp',
  band: 2,
  frontOfLine: false,
  waitingSinceMs: 0,
  queuedAtMs: 0,
  specialty: 'child_adolescent',
  patientState: 'MA',
  language: 'es',
  excluded: [],
  summary: {
    consultType: 'clinician_consult',
    contactMode: 'video',
    urgency: 'routine',
    emergency: false,
    reasonCategories: [],
    patientAgeYears: 12,
  },
  ...over,
});

const worker = (over: Partial<Worker> = {}): Worker => ({
  userId: 'w1',
  programId: 'p',
  displayName: 'w1',
  line: 'psychiatry',
  availability: 'available',
  availabilitySinceMs: 0,
  idleSinceMs: 0,
  specialties: ['child_adolescent'],
  licensedStates: ['MA'],
  languages: ['es'],
  connected: true,
  lastSeenMs: null,
  ...over,
});

describe('eligibleDutyIn', () => {
  it.each([
    ['available and eligible', {}, {}, true, { available: 1, onDuty: 1 }],
    [
      'busy counts on duty',
      { availability: 'busy' },
      {},
      true,
      { available: 0, onDuty: 1 },
    ],
    [
      'away is not on duty',
      { availability: 'away' },
      {},
      true,
      { available: 0, onDuty: 0 },
    ],
    [
      'offline is not on duty',
      { availability: 'offline' },
      {},
      true,
      { available: 0, onDuty: 0 },
    ],
    [
      'disconnected still counts (as the SQL)',
      { connected: false },
      {},
      true,
      { available: 1, onDuty: 1 },
    ],
    [
      'not licensed in the state',
      { licensedStates: ['NY'] },
      {},
      true,
      { available: 0, onDuty: 0 },
    ],
    [
      'without the specialty',
      { specialties: ['adult'] },
      {},
      true,
      { available: 0, onDuty: 0 },
    ],
    [
      'other language, interpreter allowed',
      { languages: ['en'] },
      {},
      true,
      { available: 1, onDuty: 1 },
    ],
    [
      'other language, no interpreter',
      { languages: ['en'] },
      {},
      false,
      { available: 0, onDuty: 0 },
    ],
    [
      'declined it',
      {},
      { excluded: ['w1'] },
      true,
      { available: 0, onDuty: 0 },
    ],
    [
      'a behavioral health clinician',
      { line: 'behavioral_health' },
      {},
      true,
      { available: 0, onDuty: 0 },
    ],
  ] as const)('%s', (_name, w, e, interpreter, expected) => {
    const got = eligibleDutyIn(
      {
        entries: [entry(e as Partial<QueueEntry>)],
        workers: [worker(w as Partial<Worker>)],
      },
      ['c1'],
      interpreter,
    );
    expect(got.get('c1')).toEqual(expected);
  });

  it('counts only the consults asked for, and none of another line', () => {
    const got = eligibleDutyIn(
      {
        entries: [
          entry(),
          entry({ consultId: 'c2' }),
          entry({ consultId: 'c3', line: 'behavioral_health' }),
        ],
        workers: [worker(), worker({ userId: 'w2', availability: 'busy' })],
      },
      ['c1', 'c3'],
      false,
    );
    expect([...got]).toEqual([['c1', { available: 1, onDuty: 2 }]]);
  });
});
