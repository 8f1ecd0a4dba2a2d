import {
  DEFAULT_QUEUE_SETTINGS,
  parseQueueSettings,
  queueSettingsPatchSchema,
} from '../../server/programs/program-settings';
import type {
  QueueEntry,
  QueueSnapshot,
  Worker,
} from '../../server/queue/queue-types';
import {
  eligibility,
  escalationLevel,
  lineScore,
  orderLine,
  planOffers,
  relaxedAt,
} from '../../server/queue/routing';
import { estimateWaitMinutes } from '../../server/queue/wait-estimate';

const NOW = 1_700_000_000_000;
const min = 60_000;

const entry = (id: string, over: Partial<QueueEntry> = {}): QueueEntry => ({
  consultId: id,
  line: 'psychiatry',
  programId: 'p',
  requestedBy: 'pcp',
  band: 2,
  frontOfLine: false,
  waitingSinceMs: NOW - 5 * min,
  queuedAtMs: NOW - 5 * min,
  specialty: 'child_adolescent',
  patientState: 'MA',
  language: 'en',
  excluded: [],
  summary: {
    consultType: 'clinician_consult',
    contactMode: 'video',
    urgency: 'routine',
    emergency: false,
    reasonCategories: ['medication'],
    patientAgeYears: 12,
  },
  ...over,
});

const worker = (id: string, over: Partial<Worker> = {}): Worker => ({
  userId: id,
  programId: 'p',
  displayName: id,
  line: 'psychiatry',
  availability: 'available',
  availabilitySinceMs: NOW - 10 * min,
  idleSinceMs: NOW - 10 * min,
  specialties: ['child_adolescent'],
  licensedStates: ['MA'],
  languages: ['en'],
  connected: true,
  lastSeenMs: null,
  ...over,
});

const settings = { escalationSteps: [], interpreterAllowed: false };
const snap = (
  entries: QueueEntry[],
  workers: Worker[],
  offers: QueueSnapshot['offers'] = [],
): QueueSnapshot => ({ entries, workers, offers });

describe('line order', () => {
  it('orders by band, then front-of-line, then waiting time', () => {
    const line = orderLine([
      entry('routine-old', { waitingSinceMs: NOW - 60 * min }),
      entry('urgent-new', { band: 1, waitingSinceMs: NOW - 1 * min }),
      entry('emergency', { band: 0, waitingSinceMs: NOW }),
      entry('routine-returned', {
        frontOfLine: true,
        waitingSinceMs: NOW - 2 * min,
      }),
      entry('urgent-old', { band: 1, waitingSinceMs: NOW - 9 * min }),
    ]);
    expect(line.map((e) => e.consultId)).toEqual([
      'emergency',
      'urgent-old',
      'urgent-new',
      'routine-returned',
      'routine-old',
    ]);
    expect(lineScore(entry('a', { band: 0 }))).toBeLessThan(
      lineScore(entry('b', { band: 1, waitingSinceMs: 0 })),
    );
  });
});

describe('eligibility', () => {
  const rules = {
    relaxed: new Set<'specialty' | 'language'>(),
    interpreterAllowed: false,
  };
  it.each<[string, Partial<Worker>, Partial<QueueEntry>, string | null]>([
    ['eligible', {}, {}, null],
    ['away', { availability: 'away' }, {}, 'not_available'],
    ['busy', { availability: 'busy' }, {}, 'not_available'],
    ['disconnected', { connected: false }, {}, 'not_connected'],
    [
      'not licensed in state',
      {},
      { patientState: 'NH' },
      'not_licensed_in_state',
    ],
    ['wrong specialty', {}, { specialty: 'perinatal' }, 'no_specialty'],
    ['no language', {}, { language: 'es' }, 'no_language'],
    ['already tried', {}, { excluded: ['w'] }, 'already_tried'],
    [
      'psychiatrist rung for a warm handoff',
      {},
      { line: 'behavioral_health' },
      'other_line',
    ],
    [
      'BH clinician rung for a psychiatry consult',
      { line: 'behavioral_health', specialties: [] },
      {},
      'other_line',
    ],
    [
      'BH clinician, no specialty, for a warm handoff',
      { line: 'behavioral_health', specialties: [] },
      { line: 'behavioral_health', specialty: 'perinatal' },
      null,
    ],
    [
      'BH clinician not licensed in the patient state',
      { line: 'behavioral_health', specialties: [] },
      { line: 'behavioral_health', patientState: 'NH' },
      'not_licensed_in_state',
    ],
    [
      'BH clinician without the language',
      { line: 'behavioral_health', specialties: [] },
      { line: 'behavioral_health', language: 'es' },
      'no_language',
    ],
  ])('%s', (_l, w, e, reason) => {
    const r = eligibility(worker('w', w), entry('c', e), rules, new Set());
    expect(r.ok ? null : r.reason).toBe(reason);
  });

  it('an interpreter or a relaxed step lifts the language rule; nothing lifts licensure', () => {
    expect(
      eligibility(
        worker('w'),
        entry('c', { language: 'es' }),
        { relaxed: new Set(), interpreterAllowed: true },
        new Set(),
      ).ok,
    ).toBe(true);
    expect(
      eligibility(
        worker('w'),
        entry('c', { specialty: 'perinatal' }),
        { relaxed: new Set(['specialty']), interpreterAllowed: false },
        new Set(),
      ).ok,
    ).toBe(true);
    expect(
      eligibility(
        worker('w'),
        entry('c', { patientState: 'VT' }),
        {
          relaxed: new Set(['specialty', 'language']),
          interpreterAllowed: true,
        },
        new Set(),
      ).ok,
    ).toBe(false);
  });
  it('a worker holding an offer is not eligible', () => {
    expect(eligibility(worker('w'), entry('c'), rules, new Set(['w']))).toEqual(
      { ok: false, reason: 'holds_offer' },
    );
  });
});

describe('escalation', () => {
  const steps = [
    { afterMinutes: 10, relax: ['specialty' as const] },
    { afterMinutes: 20, relax: ['language' as const] },
  ];
  it.each([
    [0, 0],
    [9.9, 0],
    [10, 1],
    [25, 2],
  ])('after %d minutes the level is %d', (waited, level) => {
    expect(escalationLevel(NOW - waited * min, steps, NOW)).toBe(level);
  });
  it('relaxations accumulate step by step', () => {
    expect([...relaxedAt(0, steps)]).toEqual([]);
    expect([...relaxedAt(2, steps)].sort()).toEqual(['language', 'specialty']);
  });
});

describe('planOffers', () => {
  it('rings each line only its own workers', () => {
    const plan = planOffers(
      {
        entries: [
          entry('handoff', { line: 'behavioral_health' }),
          entry('consult'),
        ],
        workers: [
          // The psychiatrist idles longest, yet never gets the handoff.
          worker('psy', { idleSinceMs: NOW - 60 * min }),
          worker('bh', { line: 'behavioral_health', specialties: [] }),
        ],
        offers: [],
      },
      { escalationSteps: [], interpreterAllowed: false },
      NOW,
    );
    expect(
      plan.map((p) => [p.entry.consultId, p.worker.userId]).sort(),
    ).toEqual([
      ['consult', 'psy'],
      ['handoff', 'bh'],
    ]);
  });

  it('offers the first request in line to the longest-idle eligible worker, one offer each', () => {
    const plan = planOffers(
      snap(
        [entry('urgent', { band: 1 }), entry('routine'), entry('third')],
        [
          worker('recent', { idleSinceMs: NOW - 1 * min }),
          worker('longest', { idleSinceMs: NOW - 30 * min }),
        ],
      ),
      settings,
      NOW,
    );
    expect(plan.map((p) => [p.entry.consultId, p.worker.userId])).toEqual([
      ['urgent', 'longest'],
      ['routine', 'recent'],
    ]);
  });

  it('skips requests already ringing and workers already holding an offer', () => {
    const offers = [
      {
        offerId: 'o',
        consultId: 'a',
        workerId: 'w1',
        programId: 'p',
        offeredAtMs: NOW,
        expiresAtMs: NOW + 30_000,
        escalationLevel: 0,
      },
    ];
    const plan = planOffers(
      snap(
        [entry('a'), entry('b')],
        [worker('w1'), worker('w2', { idleSinceMs: NOW })],
      ),
      settings,
      NOW,
    );
    expect(plan.map((p) => p.entry.consultId)).toEqual(['a', 'b']);
    const withOffer = planOffers(
      snap(
        [entry('a'), entry('b')],
        [worker('w1'), worker('w2', { idleSinceMs: NOW })],
        offers,
      ),
      settings,
      NOW,
    );
    expect(withOffer.map((p) => [p.entry.consultId, p.worker.userId])).toEqual([
      ['b', 'w2'],
    ]);
  });

  it('widens the pool with escalation', () => {
    const s = {
      escalationSteps: [{ afterMinutes: 10, relax: ['specialty' as const] }],
      interpreterAllowed: false,
    };
    const e = entry('peri', {
      specialty: 'perinatal',
      queuedAtMs: NOW - 5 * min,
    });
    expect(planOffers(snap([e], [worker('w')]), s, NOW)).toEqual([]);
    const later = planOffers(snap([e], [worker('w')]), s, NOW + 6 * min);
    expect(later[0]).toMatchObject({
      escalationLevel: 1,
      worker: { userId: 'w' },
    });
  });
});

describe('wait estimate', () => {
  const stats = { avgAcceptMinutes: 2, avgConsultMinutes: 20 };
  it.each([
    [{ position: 1, availableNow: 2, onDuty: 3 }, 2],
    [{ position: 2, availableNow: 2, onDuty: 3 }, 2],
    [{ position: 3, availableNow: 2, onDuty: 3 }, 22],
    [{ position: 6, availableNow: 0, onDuty: 2 }, 62],
    [{ position: 1, availableNow: 0, onDuty: 0 }, null],
  ])('%j -> %s minutes', (i, minutes) => {
    expect(estimateWaitMinutes({ ...i, stats })).toBe(minutes);
  });
});

describe('program queue settings', () => {
  it('fills defaults and ignores invalid stored values', () => {
    expect(parseQueueSettings({})).toEqual(DEFAULT_QUEUE_SETTINGS);
    expect(
      parseQueueSettings({
        targetMinutes: 15,
        offerTimeoutSeconds: 'soon',
        other: 1,
      }),
    ).toMatchObject({ targetMinutes: 15, offerTimeoutSeconds: 30 });
  });
  it('refuses out-of-order escalation steps and unknown fields', () => {
    const bad = queueSettingsPatchSchema.safeParse({
      escalationSteps: [{ afterMinutes: 20 }, { afterMinutes: 10 }],
    });
    expect(bad.success).toBe(false);
    expect(
      queueSettingsPatchSchema.safeParse({ targetMinuts: 5 }).success,
    ).toBe(false);
  });
});

describe('license expiry', () => {
  // Expires on 14 Nov 2023 (the last valid day) in New York: ends at local midnight, 05:00Z on the 15th.
  const ends = Date.parse('2023-11-15T05:00:00Z');
  const w = worker('w', {
    licensedStates: ['MA', 'NH'],
    licenseEndsMs: { MA: ends },
  });
  const rules = (nowMs: number) => ({
    relaxed: new Set<never>(),
    interpreterAllowed: false,
    nowMs,
  });
  it.each([
    ['the last valid day, 23:59 local', ends - min, 'MA', true],
    ['local midnight after it', ends, 'MA', false],
    ['a later day', ends + 86_400_000, 'MA', false],
    ['another state without expiry', ends + 86_400_000, 'NH', true],
  ])('%s: eligible in %s? %s', (_label, nowMs, state, ok) => {
    expect(
      eligibility(
        w,
        entry('c', { patientState: state }),
        rules(nowMs),
        new Set(),
      ).ok,
    ).toBe(ok);
  });

  it('plans no offer to a psychiatrist whose license expired today', () => {
    expect(
      planOffers(snap([entry('c')], [w]), settings, ends + 9 * 3_600_000),
    ).toEqual([]);
    expect(
      planOffers(snap([entry('c')], [w]), settings, ends - 3_600_000),
    ).toHaveLength(1);
  });
});
