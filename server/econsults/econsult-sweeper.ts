import { auditInsert } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { ConsultMoves } from '../consults/consult-moves';
import type { Database } from '../db/database';
import type { LiveChannel } from '../live/live-channel';
import type { Logger } from '../logger';
import { PeriodicSweep } from '../periodic-sweep';
import { parseQueueSettings } from '../programs/program-settings';
import { markReplyOverdue, openEconsults } from './econsult-repository';
import { sweepAction } from './reply-clock';
import type { BusinessCalendar } from './business-reply-clock';
import { programHoursSchema } from '../../signaling/protocol/rest/program-hours';

/** The program's hours (settings.hours) and zone, or null when it has none. */
function calendarOf(c: {
  settings: unknown;
  timeZone: string;
}): BusinessCalendar | null {
  const stored = (c.settings as { hours?: unknown } | null)?.hours;
  const parsed = programHoursSchema.safeParse(stored ?? {});
  return parsed.success ? { hours: parsed.data, timeZone: c.timeZone } : null;
}

export interface EconsultSweeperDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  live: LiveChannel;
  moves: ConsultMoves;
  intervalMs: number;
}

/**
 * Like the offer sweeper: every `intervalMs` it reads the open eConsults from
 * PostgreSQL and, with the pure reply clock, alerts coordinators once for an
 * overdue reply and expires what nobody claimed. All its state is in the
 * rows (reply_overdue_at, the status), so a restart or a second instance
 * changes nothing: each action is a conditional write that only one wins.
 */
export class EconsultSweeper {
  private readonly periodic: PeriodicSweep;

  constructor(private readonly deps: EconsultSweeperDeps) {
    this.periodic = new PeriodicSweep('econsult', () => this.sweep(), deps);
  }

  start(): void {
    this.periodic.start();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  /** One pass; returns what it did (for tests). */
  async sweep(): Promise<{ overdue: string[]; expired: string[] }> {
    const now = this.deps.clock.now();
    const done = { overdue: [] as string[], expired: [] as string[] };
    for (const c of await openEconsults(this.deps.db)) {
      const settings = parseQueueSettings(c.settings);
      const action = sweepAction(
        {
          status: c.status,
          queuedAtMs: c.queuedAt.getTime(),
          pausedSeconds: c.replyPausedSeconds,
          awaitingSinceMs: c.awaitingPcpSince?.getTime() ?? null,
          alerted: c.replyOverdueAt !== null,
        },
        settings,
        now.getTime(),
        calendarOf(c),
      );
      if (action === 'overdue' && c.status !== 'awaiting_pcp') {
        if (!(await markReplyOverdue(this.deps.db, c.id, now))) continue;
        this.deps.live.toRole(
          c.programId,
          ['coordinator', 'admin'],
          'econsult:overdue',
          {
            consultId: c.id,
            status: c.status,
            targetHours: settings.econsultReplyTargetHours,
          },
        );
        done.overdue.push(c.id);
      } else if (action === 'expire') {
        if (await this.expire(c.id, c.patientId, now)) {
          this.deps.live.toUser(c.requestedBy, 'econsult:expired', {
            consultId: c.id,
          });
          this.deps.live.toRole(c.programId, 'psychiatrist', 'econsult:pool', {
            consultId: c.id,
            change: 'removed',
          });
          done.expired.push(c.id);
        }
      }
    }
    return done;
  }

  /** pooled -> expired, with its audit row; false if a claim came first. */
  private async expire(
    consultId: string,
    patientId: string,
    now: Date,
  ): Promise<boolean> {
    try {
      await this.deps.moves.poolExpired(now, consultId, [
        auditInsert(
          {
            action: 'econsult.expire',
            role: 'system',
            patientId,
            resourceType: 'consult',
          },
          { source: 'upd', patientId: 'upd."patientId"', resourceId: 'upd.id' },
        ),
      ]);
      return true;
    } catch {
      // Claimed or cancelled in between: nothing to expire.
      return false;
    }
  }
}
