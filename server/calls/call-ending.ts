import type { Clock } from '../clock';
import type { Database } from '../db/database';
import {
  AppError,
  forbidden,
  IllegalTransitionError,
  notFound,
} from '../errors';
import type { LiveChannel } from '../live/live-channel';
import type { Logger } from '../logger';
import type { MediaBackend } from '../media/media-backend';
import { callRoom } from '../../signaling/call-rooms';
import type { SocketIdentity } from '../../signaling/socket-identity';
import { writeCallEvent } from './call-event-writer';
import { nextCallStatus } from './call-lifecycle';
import { clinicianJoinDecision } from './call-participants';
import { ledgerEntry, type CallActor } from './call-records';
import {
  callFacts,
  markCallEnded,
  participantsOf,
  saveParticipant,
} from './call-repository';

export type CallEndReason = 'ended_by_clinician' | 'empty' | 'consult_closed';

export interface CallEndingDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  live: LiveChannel;
  media: MediaBackend;
  /** The queue module moves the consult to wrap-up when a clinician ends its call. */
  markWrapUp(consultId: string): Promise<unknown>;
  /** The call has ended (after commit): its timers go, sockets leave its rooms. */
  ended(callId: string): void;
}

/**
 * The end of a call: everyone still in it leaves and `call_ended` closes the
 * ledger, in one transaction; then the room is told and the media room closed.
 */
export class CallEnding {
  constructor(private readonly deps: CallEndingDeps) {}

  /** A clinician in the call ends it for everyone. */
  async endByClinician(
    identity: SocketIdentity,
    callId: string,
  ): Promise<void> {
    const facts = await callFacts(this.deps.db, callId);
    if (!facts) throw notFound('The call', 'call_not_found');
    if (identity.kind !== 'user')
      throw forbidden('Only a clinician can end the call.', 'clinician_only');
    const decision = clinicianJoinDecision(identity, {
      ...facts,
      status: 'open',
    });
    if (!decision.allowed) throw forbidden(decision.message, decision.code);
    await this.end(
      callId,
      {
        participantId: identity.userId,
        userId: identity.userId,
        role: decision.role,
      },
      'ended_by_clinician',
    );
    // A clinician ending the call closes the talking part of the consult: the psychiatrist
    // moves to writing the report (wrap-up). A call that empties on its own does not, since
    // people may come back; the signed report completes the consult either way.
    await Promise.resolve(this.deps.markWrapUp(facts.consultId)).catch(
      (err: unknown) => {
        if (
          !(err instanceof IllegalTransitionError) &&
          !(err instanceof AppError)
        )
          this.deps.logger.warn(
            { err, consultId: facts.consultId },
            'markWrapUp failed',
          );
      },
    );
  }

  /** Ends an open call: everyone still in it leaves, then `call_ended`. Ending an ended call is an illegal transition. */
  async end(
    callId: string,
    by: CallActor | null,
    reason: 'ended_by_clinician' | 'empty' | 'consult_closed',
  ): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.db.transaction(async (tx) => {
      const call = await callFacts(tx, callId, true);
      if (!call) throw notFound('The call', 'call_not_found');
      nextCallStatus(call.status, 'end');
      await markCallEnded(tx, callId, now, by?.userId ?? null, reason);
      for (const p of await participantsOf(tx, callId)) {
        if (p.state === 'left') continue;
        const self = await saveParticipant(tx, {
          ...p,
          state: 'left',
          mediaConnected: false,
          stateSince: now,
          goneAt: p.state === 'reconnecting' ? p.goneAt : now,
        });
        await writeCallEvent(
          tx,
          ledgerEntry(call, now, 'participant_left', self, 'signaling', {
            reason: 'call_ended',
          }),
        );
      }
      await writeCallEvent(tx, {
        callId,
        consultId: call.consultId,
        at: now,
        type: 'call_ended',
        participantId: by?.participantId ?? null,
        userId: by?.userId ?? null,
        role: by?.role ?? null,
        source: by ? 'signaling' : 'system',
        details: { reason },
      });
    });
    // Told before `ended`, whose listeners take the sockets out of the room.
    this.deps.live.toRoom(callRoom(callId), 'call:ended', {
      callId,
      reason,
      endedBy: by?.participantId ?? null,
    });
    this.deps.ended(callId);
    await this.deps.media
      .closeRoom(callId)
      .catch((err) =>
        this.deps.logger.warn({ err, callId }, 'media room close failed'),
      );
  }

  /** Ends the call unless it has ended already. */
  async endQuietly(
    callId: string,
    reason: 'empty' | 'consult_closed',
  ): Promise<void> {
    await this.end(callId, null, reason).catch((err) => {
      if (!(err instanceof IllegalTransitionError)) throw err;
    });
  }

  /** Ends every open call of a consult that closed. */
  async endConsultCalls(consultId: string): Promise<void> {
    const { rows } = await this.deps.db.query<{ id: string }>(
      `SELECT id FROM calls WHERE consult_id = $1 AND status = 'open'`,
      [consultId],
    );
    for (const r of rows) await this.endQuietly(r.id, 'consult_closed');
  }
}
