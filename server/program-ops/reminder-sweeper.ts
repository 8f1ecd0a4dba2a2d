import type { Clock } from '../clock';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import type { SmsSender } from '../telephony/sms-sender';
import {
  dueReminders,
  reminderKey,
  reminderText,
  type ReminderCandidate,
} from './visit-reminders';

/**
 * Sends due visit reminders on an interval, on any instance: each reminder's
 * row is claimed (inserted) before its text goes out, so two instances never
 * both send it, and the rows survive restarts.
 */
export class ReminderSweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly deps: {
      db: Database;
      clock: Clock;
      logger: Logger;
      sms: SmsSender | null;
      intervalMs: number;
    },
  ) {}

  start(): void {
    if (!this.deps.sms) return; // no texting configured: nothing to send
    this.timer = setInterval(() => void this.sweep(), this.deps.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Sends what is due now; resolves to how many were sent. */
  sweep(): Promise<number> {
    this.running ??= this.sendDue().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async sendDue(): Promise<number> {
    const now = this.deps.clock.now();
    const { rows } = await this.deps.db.query<
      ReminderCandidate & { timeZone: string; sent: string[] }
    >(
      `SELECT v.id AS "visitId", p.id AS "participantId", v.status AS "visitStatus",
              (extract(epoch FROM v.scheduled_at) * 1000)::float8 AS "scheduledAtMs",
              p.phone_e164 AS phone, p.sms_consent_at IS NOT NULL AS "smsConsent", g.timezone AS "timeZone",
              COALESCE(ARRAY(SELECT r.kind || ':' || (extract(epoch FROM r.scheduled_for) * 1000)::bigint
                               FROM visit_reminders r WHERE r.visit_id = v.id AND r.participant_id = p.id), '{}') AS sent
         FROM visits v JOIN visit_participants p ON p.visit_id = v.id JOIN programs g ON g.id = v.program_id
        WHERE v.status = 'scheduled' AND v.scheduled_at > $1 AND v.scheduled_at <= $1 + interval '24 hours'
          AND p.state <> 'removed'`,
      [now],
    );
    const sent = new Set(
      rows.flatMap((r) =>
        r.sent.map((s) => {
          const [kind, ms] = s.split(':');
          return reminderKey({
            visitId: r.visitId,
            participantId: r.participantId,
            kind: kind as '24h' | '1h',
            scheduledAtMs: Number(ms),
          });
        }),
      ),
    );
    const due = dueReminders(rows, sent, now.getTime());
    let count = 0;
    for (const d of due) {
      const row = rows.find(
        (r) => r.visitId === d.visitId && r.participantId === d.participantId,
      )!;
      const claimed = await this.deps.db.query(
        `INSERT INTO visit_reminders (visit_id, participant_id, kind, scheduled_for, claimed_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING visit_id`,
        [d.visitId, d.participantId, d.kind, new Date(d.scheduledAtMs), now],
      );
      if (!claimed.rows.length || !this.deps.sms) continue;
      try {
        const m = await this.deps.sms.send(
          row.phone!,
          reminderText(d.kind, d.scheduledAtMs, row.timeZone),
        );
        await this.deps.db.query(
          `UPDATE visit_reminders SET sent_sid = $5 WHERE visit_id = $1 AND participant_id = $2 AND kind = $3 AND scheduled_for = $4`,
          [
            d.visitId,
            d.participantId,
            d.kind,
            new Date(d.scheduledAtMs),
            m.sid,
          ],
        );
        count++;
      } catch (err) {
        // Ids only: never the phone number.
        this.deps.logger.warn(
          { visitId: d.visitId, kind: d.kind, err: (err as Error).message },
          'visit reminder not sent',
        );
        await this.deps.db.query(
          `UPDATE visit_reminders SET failed_reason = $5 WHERE visit_id = $1 AND participant_id = $2 AND kind = $3 AND scheduled_for = $4`,
          [
            d.visitId,
            d.participantId,
            d.kind,
            new Date(d.scheduledAtMs),
            (err as { code?: string }).code ?? 'send_failed',
          ],
        );
      }
    }
    return count;
  }
}
