/**
 * Which visit reminders are due now: pure, over candidate invitees. A text
 * goes 24 h before and 1 h before, only to someone with a phone and SMS
 * consent, only for a visit still scheduled. Reminders are keyed by the
 * visit's scheduled time, so moving the visit re-arms them and a cancelled
 * visit (no longer a candidate) gets none.
 */
export type ReminderKind = '24h' | '1h';

const HOUR = 3_600_000;

export interface ReminderCandidate {
  visitId: string;
  participantId: string;
  visitStatus: string;
  scheduledAtMs: number;
  phone: string | null;
  smsConsent: boolean;
}

export interface DueReminder {
  visitId: string;
  participantId: string;
  kind: ReminderKind;
  scheduledAtMs: number;
}

export const reminderKey = (r: DueReminder) =>
  `${r.visitId}:${r.participantId}:${r.kind}:${r.scheduledAtMs}`;

/** The kind due at `nowMs`, if any: 24h in [T-24h, T-1h), 1h in [T-1h, T). */
export function reminderDue(
  scheduledAtMs: number,
  nowMs: number,
): ReminderKind | null {
  if (nowMs >= scheduledAtMs) return null;
  if (nowMs >= scheduledAtMs - HOUR) return '1h';
  if (nowMs >= scheduledAtMs - 24 * HOUR) return '24h';
  return null;
}

export function dueReminders(
  candidates: readonly ReminderCandidate[],
  alreadySent: ReadonlySet<string>,
  nowMs: number,
): DueReminder[] {
  return candidates.flatMap((c) => {
    if (c.visitStatus !== 'scheduled' || !c.smsConsent || !c.phone) return [];
    const kind = reminderDue(c.scheduledAtMs, nowMs);
    if (!kind) return [];
    const r = {
      visitId: c.visitId,
      participantId: c.participantId,
      kind,
      scheduledAtMs: c.scheduledAtMs,
    };
    return alreadySent.has(reminderKey(r)) ? [] : [r];
  });
}

/** The text: no names, no clinical words; the time in the program's zone. */
export function reminderText(
  kind: ReminderKind,
  scheduledAtMs: number,
  timeZone: string,
): string {
  const when = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(scheduledAtMs);
  return kind === '24h'
    ? `Reminder: your video visit is tomorrow, ${when}. Use the link you were sent to join.`
    : `Reminder: your video visit starts within the hour (${when}). Use the link you were sent to join.`;
}
