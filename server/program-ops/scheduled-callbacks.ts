import type { Clock } from '../clock';
import type { ConsultService } from '../consults/consult-service';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import {
  consultRequestSchema,
  type ConsultRequest,
} from '../../signaling/protocol/rest/consults';

/**
 * Scheduled callbacks: requests left while the program was closed, filed
 * into the psychiatrist line when it opens (so they ring then). Any instance
 * may sweep; a row is claimed in the statement that marks it, so each is
 * filed once, and rows outlive restarts.
 */
export async function scheduleCallback(
  db: Database,
  c: {
    programId: string;
    requestedBy: string;
    request: ConsultRequest;
    ringAt: Date;
    now: Date;
  },
): Promise<{ id: string; ringAt: Date }> {
  const { rows } = await db.query<{ id: string; ringAt: Date }>(
    `INSERT INTO scheduled_callbacks (program_id, requested_by, request, ring_at, created_at)
     VALUES ($1, $2, $3, $4, $5) RETURNING id, ring_at AS "ringAt"`,
    [c.programId, c.requestedBy, JSON.stringify(c.request), c.ringAt, c.now],
  );
  return rows[0]!;
}

interface DueRow {
  id: string;
  request: unknown;
  userId: string;
  programId: string;
  practiceId: string | null;
  displayName: string;
  active: boolean;
}

export class CallbackSweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly deps: {
      db: Database;
      clock: Clock;
      logger: Logger;
      consults: ConsultService;
      intervalMs: number;
    },
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sweep(), this.deps.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Files every due callback; returns how many were filed. */
  sweep(): Promise<void> {
    this.running ??= this.fileDue().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async fileDue(): Promise<void> {
    const now = this.deps.clock.now();
    const { rows } = await this.deps.db.query<DueRow>(
      `WITH due AS (
         SELECT id FROM scheduled_callbacks WHERE status = 'waiting' AND ring_at <= $1
          ORDER BY ring_at LIMIT 50 FOR UPDATE SKIP LOCKED)
       UPDATE scheduled_callbacks s SET status = 'filed', filed_at = $1 FROM due, users u
        WHERE s.id = due.id AND u.id = s.requested_by
       RETURNING s.id, s.request, u.id AS "userId", u.program_id AS "programId", u.practice_id AS "practiceId",
                 u.display_name AS "displayName", u.active`,
      [now],
    );
    for (const r of rows) {
      try {
        if (!r.active) throw new Error('requesting user is deactivated');
        const { consult } = await this.deps.consults.create(
          {
            kind: 'user',
            userId: r.userId,
            role: 'pcp',
            programId: r.programId,
            practiceId: r.practiceId,
            sessionId: r.id,
            displayName: r.displayName,
          },
          consultRequestSchema.parse(r.request),
          { requestId: `callback:${r.id}`, clientIp: '' },
        );
        await this.deps.db.query(
          'UPDATE scheduled_callbacks SET consult_id = $2 WHERE id = $1',
          [r.id, consult.id],
        );
      } catch (err) {
        // Ids only: the request holds patient data.
        this.deps.logger.error(
          { callbackId: r.id, err: (err as Error).message },
          'scheduled callback could not be filed',
        );
        await this.deps.db.query(
          `UPDATE scheduled_callbacks SET status = 'failed' WHERE id = $1`,
          [r.id],
        );
      }
    }
  }
}
