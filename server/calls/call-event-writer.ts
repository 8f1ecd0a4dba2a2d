import type { Queryable } from '../db/database';

/**
 * The call ledger: append-only rows in call_events, server time and
 * participant role on each. Billing computes time from these and nothing else.
 */
export const CALL_EVENT_TYPES = [
  'participant_joined',
  'media_connected',
  'participant_left',
  'participant_dropped',
  'participant_reconnected',
  'call_ended',
  'phone_call_started',
  'phone_call_ended',
] as const;
export type CallEventType = (typeof CALL_EVENT_TYPES)[number];

export type CallEventSource =
  | 'signaling'
  | 'twilio'
  | 'livekit'
  | 'mediasoup'
  | 'system';

export interface CallEvent {
  callId: string;
  consultId: string;
  /** Server time (services.clock), never a client's. */
  at: Date;
  type: CallEventType;
  participantId: string | null;
  userId: string | null;
  role: string | null;
  source: CallEventSource;
  /** Codes and ids only. */
  details?: Record<string, unknown>;
}

export interface CallEventRow extends CallEvent {
  id: number;
}

/** Written inside the transaction of the state change it records. */
export async function writeCallEvent(
  tx: Queryable,
  e: CallEvent,
): Promise<void> {
  await tx.query(
    `INSERT INTO call_events (call_id, consult_id, at, type, participant_id, user_id, participant_role, source, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)`,
    [
      e.callId,
      e.consultId,
      e.at,
      e.type,
      e.participantId,
      e.userId,
      e.role,
      e.source,
      e.details ? JSON.stringify(e.details) : null,
    ],
  );
}

export async function callEventsOf(
  db: Queryable,
  callId: string,
): Promise<CallEventRow[]> {
  const { rows } = await db.query<CallEventRow>(
    `SELECT id, call_id AS "callId", consult_id AS "consultId", at, type, participant_id AS "participantId", user_id AS "userId",
            participant_role AS "role", source, details
       FROM call_events WHERE call_id = $1 ORDER BY at, id`,
    [callId],
  );
  return rows;
}
