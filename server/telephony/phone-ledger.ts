import type { AuditLog } from '../audit/audit-log';
import type { CallService } from '../calls/call-service';
import { writeCallEvent } from '../calls/call-event-writer';
import type { Database } from '../db/database';
import type { Visit } from '../visits/visit';
import {
  findLiveVisitBy,
  findVisit,
  findVisitByConference,
} from '../visits/visit-repository';

/**
 * Phone legs of a visit into the time ledger. Twilio may send several
 * callbacks for one leg (conference join, call answered, retries), so each
 * leg is keyed by CallSid and writes exactly one `phone_call_started` and one
 * `phone_call_ended` row to call_events, with server time, both in the
 * visit's call (opened through the calls module when a phone leg comes first).
 */
export interface PhoneLegRef {
  callSid: string;
  visitId: string;
  direction: 'dial_in' | 'dial_out';
  participantId?: string | null;
  staffUserId?: string | null;
}

interface LegRow {
  participantId: string | null;
  direction: string;
  callId: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
}

export class PhoneLedger {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly calls: CallService,
  ) {}

  /** The live visit a caller's 8-digit dial-in code opens, if any. */
  liveVisitWithCode(code: string): Promise<Visit | null> {
    return findLiveVisitBy(this.db, 'phone_code', code);
  }

  /** The visit whose phone conference Twilio names. */
  visitOfConference(conferenceName: string): Promise<Visit | null> {
    return findVisitByConference(this.db, conferenceName);
  }

  /** Remembers a leg before Twilio reports on it (dial-out placed, dial-in code accepted). */
  async register(leg: PhoneLegRef, now: Date, status: string): Promise<void> {
    await this.db.query(
      `INSERT INTO visit_phone_legs (call_sid, visit_id, participant_id, direction, staff_user_id, last_status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (call_sid) DO UPDATE SET last_status = EXCLUDED.last_status`,
      [
        leg.callSid,
        leg.visitId,
        leg.participantId ?? null,
        leg.direction,
        leg.staffUserId ?? null,
        status,
        now,
      ],
    );
  }

  /** True when this callback wrote the start (false: already recorded). */
  async started(leg: PhoneLegRef, now: Date, status: string): Promise<boolean> {
    await this.register(leg, now, status);
    const before = await this.leg(this.db, leg.callSid);
    if (!before || before.startedAt) return false;
    const visit = (await findVisit(this.db, leg.visitId))!;
    const callId = await this.calls.openForVisit(visit.consultId, visit.id);
    return this.db.transaction(async (tx) => {
      const { rowCount } = await tx.query(
        `UPDATE visit_phone_legs SET started_at = $2, call_id = $3 WHERE call_sid = $1 AND started_at IS NULL`,
        [leg.callSid, now, callId],
      );
      if (!rowCount) return false;
      await writeCallEvent(tx, {
        callId,
        consultId: visit.consultId,
        at: now,
        type: 'phone_call_started',
        participantId: before.participantId ?? leg.callSid,
        userId: null,
        role: 'phone',
        source: 'twilio',
        details: { callSid: leg.callSid, direction: before.direction },
      });
      await this.audit.record(
        {
          action: 'twilio.phone_call_started',
          actorLabel: 'twilio',
          patientId: visit.patientId,
          resourceType: 'visit',
          resourceId: visit.id,
          details: { callSid: leg.callSid, callId },
        },
        tx,
      );
      return true;
    });
  }

  /** True when this callback wrote the end (false: never started, or already ended). */
  async ended(
    leg: PhoneLegRef,
    now: Date,
    status: string,
    details: Record<string, unknown> = {},
  ): Promise<boolean> {
    await this.register(leg, now, status);
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<LegRow>(
        `UPDATE visit_phone_legs SET ended_at = $2 WHERE call_sid = $1 AND started_at IS NOT NULL AND ended_at IS NULL
         RETURNING participant_id AS "participantId", direction, call_id AS "callId", started_at AS "startedAt", ended_at AS "endedAt"`,
        [leg.callSid, now],
      );
      const row = rows[0];
      if (!row?.callId || !row.startedAt) return false;
      const visit = (await findVisit(tx, leg.visitId))!;
      const seconds = Math.round(
        (now.getTime() - row.startedAt.getTime()) / 1000,
      );
      await writeCallEvent(tx, {
        callId: row.callId,
        consultId: visit.consultId,
        at: now,
        type: 'phone_call_ended',
        participantId: row.participantId ?? leg.callSid,
        userId: null,
        role: 'phone',
        source: 'twilio',
        details: {
          callSid: leg.callSid,
          direction: row.direction,
          seconds,
          status,
          ...details,
        },
      });
      await this.audit.record(
        {
          action: 'twilio.phone_call_ended',
          actorLabel: 'twilio',
          patientId: visit.patientId,
          resourceType: 'visit',
          resourceId: visit.id,
          details: { callSid: leg.callSid, callId: row.callId, seconds },
        },
        tx,
      );
      return true;
    });
  }

  /** The leg Twilio reports on, if we know it. */
  async find(callSid: string): Promise<PhoneLegRef | null> {
    const { rows } = await this.db.query<PhoneLegRef>(
      `SELECT call_sid AS "callSid", visit_id AS "visitId", direction, participant_id AS "participantId", staff_user_id AS "staffUserId" FROM visit_phone_legs WHERE call_sid = $1`,
      [callSid],
    );
    return rows[0] ?? null;
  }

  private async leg(db: Database, callSid: string): Promise<LegRow | null> {
    const { rows } = await db.query<LegRow>(
      `SELECT participant_id AS "participantId", direction, call_id AS "callId", started_at AS "startedAt", ended_at AS "endedAt" FROM visit_phone_legs WHERE call_sid = $1`,
      [callSid],
    );
    return rows[0] ?? null;
  }
}
