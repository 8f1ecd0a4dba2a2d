import {
  dueReminders,
  reminderDue,
  reminderKey,
  reminderText,
  type ReminderCandidate,
} from '../../server/program-ops/visit-reminders';

const H = 3_600_000;
const T = Date.parse('2026-03-09T14:00:00Z'); // 10:00 EDT, the day after spring-forward

const candidate = (
  over: Partial<ReminderCandidate> = {},
): ReminderCandidate => ({
  visitId: 'v',
  participantId: 'p',
  visitStatus: 'scheduled',
  scheduledAtMs: T,
  phone: '+16175550100',
  smsConsent: true,
  ...over,
});

describe('visit reminders', () => {
  it.each([
    ['25 h before', T - 25 * H, null],
    ['24 h before', T - 24 * H, '24h'],
    ['2 h before', T - 2 * H, '24h'],
    ['1 h before', T - H, '1h'],
    ['1 minute before', T - 60_000, '1h'],
    ['at the time', T, null],
  ])('%s: %s', (_l, now, kind) => {
    expect(reminderDue(T, now)).toBe(kind);
  });

  it('texts only with a phone and SMS consent, only for a visit still scheduled', () => {
    const now = T - 3 * H;
    expect(dueReminders([candidate()], new Set(), now)).toHaveLength(1);
    expect(
      dueReminders([candidate({ smsConsent: false })], new Set(), now),
    ).toEqual([]);
    expect(dueReminders([candidate({ phone: null })], new Set(), now)).toEqual(
      [],
    );
    expect(
      dueReminders([candidate({ visitStatus: 'cancelled' })], new Set(), now),
    ).toEqual([]);
  });

  it('sends each once, and again when the visit is moved', () => {
    const now = T - 3 * H;
    const [first] = dueReminders([candidate()], new Set(), now);
    const sent = new Set([reminderKey(first!)]);
    expect(dueReminders([candidate()], sent, now)).toEqual([]);
    const moved = candidate({ scheduledAtMs: T + 2 * H });
    expect(dueReminders([moved], sent, now)).toEqual([
      {
        visitId: 'v',
        participantId: 'p',
        kind: '24h',
        scheduledAtMs: T + 2 * H,
      },
    ]);
  });

  it('says when in the program zone and nothing about the patient', () => {
    const text = reminderText('24h', T, 'America/New_York');
    expect(text).toContain('10:00');
    expect(text).toContain('EDT');
  });
});
