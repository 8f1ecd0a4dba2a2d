import type { Queryable } from '../db/database';
import type {
  MediaBackendKind,
  MediaParticipantRole,
} from '../media/media-backend';
import type { ParticipantState } from '../../signaling/protocol/call-events';
import type { CallFacts } from './call-participants';

/** SQL for calls and their participants. The ledger (call_events) is written by call-event-writer.ts. */

const FACTS = `SELECT c.id AS "callId", c.consult_id AS "consultId", c.visit_id AS "visitId", c.status, c.media_backend AS "mediaBackend",
    k.program_id AS "programId", k.patient_id AS "patientId", k.status AS "consultStatus", k.requested_by AS "requestedBy",
    k.assigned_psychiatrist_id AS "assignedPsychiatristId"
  FROM calls c JOIN consults k ON k.id = c.consult_id`;

export async function callFacts(
  db: Queryable,
  callId: string,
  lock = false,
): Promise<CallFacts | null> {
  // FOR UPDATE OF c: every change to a call's room is serialized on its calls row, across instances.
  const { rows } = await db.query<CallFacts>(
    `${FACTS} WHERE c.id = $1${lock ? ' FOR UPDATE OF c' : ''}`,
    [callId],
  );
  return rows[0] ?? null;
}

export async function openCallIdFor(
  db: Queryable,
  where: { consultId: string } | { visitId: string },
): Promise<string | null> {
  const { rows } =
    'visitId' in where
      ? await db.query<{ id: string }>(
          `SELECT id FROM calls WHERE visit_id = $1 AND status = 'open' ORDER BY opened_at DESC LIMIT 1`,
          [where.visitId],
        )
      : await db.query<{ id: string }>(
          `SELECT id FROM calls WHERE consult_id = $1 AND visit_id IS NULL AND status = 'open'`,
          [where.consultId],
        );
  return rows[0]?.id ?? null;
}

/** Inserts an open call unless one exists; the partial unique index settles races between instances. */
export async function insertCall(
  db: Queryable,
  c: {
    consultId: string;
    visitId: string | null;
    backend: MediaBackendKind;
    at: Date;
  },
): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO calls (consult_id, visit_id, media_backend, status, opened_at) VALUES ($1, $2, $3, 'open', $4)
     ON CONFLICT DO NOTHING RETURNING id`,
    [c.consultId, c.visitId, c.backend, c.at],
  );
  return rows[0]?.id ?? null;
}

export interface ConsultForCall {
  consultId: string;
  programId: string;
  patientId: string;
  status: string;
  requestedBy: string;
  assignedPsychiatristId: string | null;
}

export async function consultForCall(
  db: Queryable,
  consultId: string,
): Promise<ConsultForCall | null> {
  const { rows } = await db.query<ConsultForCall>(
    `SELECT id AS "consultId", program_id AS "programId", patient_id AS "patientId", status, requested_by AS "requestedBy", assigned_psychiatrist_id AS "assignedPsychiatristId"
       FROM consults WHERE id = $1`,
    [consultId],
  );
  return rows[0] ?? null;
}

export interface CallRow {
  callId: string;
  consultId: string;
  visitId: string | null;
  status: 'open' | 'ended';
  mediaBackend: string;
  openedAt: Date;
  endedAt: Date | null;
  endedBy: string | null;
  endedReason: string | null;
}

export async function findCall(
  db: Queryable,
  callId: string,
): Promise<CallRow | null> {
  const { rows } = await db.query<CallRow>(
    `SELECT id AS "callId", consult_id AS "consultId", visit_id AS "visitId", status, media_backend AS "mediaBackend",
            opened_at AS "openedAt", ended_at AS "endedAt", ended_by AS "endedBy", ended_reason AS "endedReason"
       FROM calls WHERE id = $1`,
    [callId],
  );
  return rows[0] ?? null;
}

export async function markCallEnded(
  db: Queryable,
  callId: string,
  at: Date,
  endedBy: string | null,
  reason: string,
): Promise<void> {
  await db.query(
    `UPDATE calls SET status = 'ended', ended_at = $2, ended_by = $3, ended_reason = $4 WHERE id = $1`,
    [callId, at, endedBy, reason],
  );
}

export interface ParticipantRow {
  callId: string;
  participantId: string;
  userId: string | null;
  role: MediaParticipantRole;
  displayName: string;
  state: ParticipantState;
  joinSeq: number;
  peerSession: string;
  audioMuted: boolean;
  videoMuted: boolean;
  mediaConnected: boolean;
  joinedAt: Date;
  stateSince: Date;
  goneAt: Date | null;
}

const PARTICIPANT_COLUMNS = `call_id AS "callId", participant_id AS "participantId", user_id AS "userId", role, display_name AS "displayName",
  state, join_seq AS "joinSeq", peer_session AS "peerSession", audio_muted AS "audioMuted", video_muted AS "videoMuted",
  media_connected AS "mediaConnected", joined_at AS "joinedAt", state_since AS "stateSince", gone_at AS "goneAt"`;

export async function participantsOf(
  db: Queryable,
  callId: string,
): Promise<ParticipantRow[]> {
  const { rows } = await db.query<ParticipantRow>(
    `SELECT ${PARTICIPANT_COLUMNS} FROM call_participants WHERE call_id = $1 ORDER BY joined_at`,
    [callId],
  );
  return rows;
}

export async function findParticipant(
  db: Queryable,
  callId: string,
  participantId: string,
): Promise<ParticipantRow | null> {
  const { rows } = await db.query<ParticipantRow>(
    `SELECT ${PARTICIPANT_COLUMNS} FROM call_participants WHERE call_id = $1 AND participant_id = $2`,
    [callId, participantId],
  );
  return rows[0] ?? null;
}

/** Writes a participant's whole row (insert on first join); returns it as stored. */
export async function saveParticipant(
  db: Queryable,
  p: ParticipantRow,
): Promise<ParticipantRow> {
  const { rows } = await db.query<ParticipantRow>(
    `INSERT INTO call_participants (call_id, participant_id, user_id, role, display_name, state, join_seq, peer_session,
        audio_muted, video_muted, media_connected, joined_at, state_since, gone_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (call_id, participant_id) DO UPDATE SET
       display_name = EXCLUDED.display_name, state = EXCLUDED.state, join_seq = EXCLUDED.join_seq, peer_session = EXCLUDED.peer_session,
       audio_muted = EXCLUDED.audio_muted, video_muted = EXCLUDED.video_muted, media_connected = EXCLUDED.media_connected,
       state_since = EXCLUDED.state_since, gone_at = EXCLUDED.gone_at
     RETURNING ${PARTICIPANT_COLUMNS}`,
    [
      p.callId,
      p.participantId,
      p.userId,
      p.role,
      p.displayName,
      p.state,
      p.joinSeq,
      p.peerSession,
      p.audioMuted,
      p.videoMuted,
      p.mediaConnected,
      p.joinedAt,
      p.stateSince,
      p.goneAt,
    ],
  );
  return rows[0]!;
}

/** Dropped participants whose grace window has passed (any instance may expire them). */
export async function overdueReconnecting(
  db: Queryable,
  goneBefore: Date,
): Promise<{ callId: string; participantId: string }[]> {
  const { rows } = await db.query<{ callId: string; participantId: string }>(
    `SELECT call_id AS "callId", participant_id AS "participantId" FROM call_participants WHERE state = 'reconnecting' AND gone_at <= $1 LIMIT 500`,
    [goneBefore],
  );
  return rows;
}

/** Open calls everyone has left, the last of them before `goneBefore`. */
export async function abandonedCalls(
  db: Queryable,
  goneBefore: Date,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT c.id FROM calls c JOIN call_participants p ON p.call_id = c.id
      WHERE c.status = 'open'
      GROUP BY c.id
     HAVING bool_and(p.state = 'left') AND max(p.gone_at) <= $1
      LIMIT 500`,
    [goneBefore],
  );
  return rows.map((r) => r.id);
}
