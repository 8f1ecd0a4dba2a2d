import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { conflict, notFound } from '../errors';
import type { LiveChannel } from '../live/live-channel';
import type { Logger } from '../logger';
import type { MediaBackend } from '../media/media-backend';
import { PeriodicSweep } from '../periodic-sweep';
import type { CallParticipant } from '../../signaling/protocol/call-events';
import type { SocketIdentity } from '../../signaling/socket-identity';
import type { ConsultEvents } from '../consults/consult-lifecycle';
import { TypedEmitter, type Observer } from '../events/typed-emitter';
import type { CallAdmission } from './call-admission';
import { callEventsOf, type CallEventRow } from './call-event-writer';
import { CallDeparture, endKey, graceKey } from './call-departure';
import { CallJoin, type JoinOutcome, type JoinRequest } from './call-join';
import { CallEnding, type CallEndReason } from './call-ending';
import { CallMedia } from './call-media';
import type { CallFacts } from './call-participants';
import { toWire, type CallActor } from './call-records';
import {
  abandonedCalls,
  callFacts,
  findCall,
  insertCall,
  openCallIdFor,
  overdueReconnecting,
  participantsOf,
  type CallRow,
} from './call-repository';
import { CallTimers } from './call-timers';

export type { JoinOutcome, JoinRequest } from './call-join';

/** What the consult service offers the call. */
export interface ConsultCallHooks {
  markInCall(consultId: string): Promise<unknown>;
  markWrapUp(consultId: string): Promise<unknown>;
  observer: Observer<ConsultEvents>;
}

export interface CallServiceDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  live: LiveChannel;
  audit: AuditLog;
  /** The started media backend (MEDIA_BACKEND). */
  media: MediaBackend;
  /** Whether a visitor may join: the visits module's waiting room. */
  admission: CallAdmission;
  consults: ConsultCallHooks;
  /** CALL_RECONNECT_GRACE_SECONDS in ms. */
  graceMs: number;
  /** How often to look for drops and empty calls that a dead instance's timers would have handled. */
  sweepMs?: number;
}

export interface CallDetails {
  call: CallRow;
  participants: CallParticipant[];
  events: CallEventRow[];
}

export type CallObserverEvents = {
  /** The call ended: sockets leave its rooms. */
  ended: [callId: string];
  /** One participant was taken out (removed by a clinician, or replaced): their sockets leave. */
  removed: [callId: string, participantId: string];
};

/**
 * The call lifecycle with I/O: who is in which call, the ledger rows each
 * change writes, reconnection grace and the end of a call. Every change runs
 * in one transaction that locks the call row, so instances sharing a database
 * agree; pushes go out after commit through the live channel.
 */
export class CallService {
  /** Call endings and removals, for the socket rooms and billing. */
  readonly observer: TypedEmitter<CallObserverEvents>;
  private readonly timers = new CallTimers();
  private readonly joining: CallJoin;
  private readonly media: CallMedia;
  private readonly ending: CallEnding;
  private readonly departure: CallDeparture;
  private readonly sweeper: PeriodicSweep;
  private closed = false;

  constructor(private readonly deps: CallServiceDeps) {
    this.observer = new TypedEmitter<CallObserverEvents>((err, event) =>
      deps.logger.error({ err, event }, 'call listener failed'),
    );
    this.joining = new CallJoin({
      ...deps,
      open: (consultId, visitId) => this.open(consultId, visitId),
      joined: (callId, participantId) => {
        this.timers.cancel(graceKey(callId, participantId));
        this.timers.cancel(endKey(callId));
      },
    });
    this.media = new CallMedia({
      ...deps,
      markInCall: (consultId) => deps.consults.markInCall(consultId),
    });
    this.ending = new CallEnding({
      ...deps,
      markWrapUp: (consultId) => deps.consults.markWrapUp(consultId),
      ended: (callId) => {
        this.timers.cancelPrefix(`${callId}/`);
        this.observer.emit('ended', callId);
      },
    });
    this.departure = new CallDeparture({
      ...deps,
      timers: this.timers,
      endEmpty: (callId) => this.ending.endQuietly(callId, 'empty'),
      failed: (err, callId) => this.afterFailure(err, callId),
    });
    this.sweeper = new PeriodicSweep('call', () => this.sweep(), {
      logger: deps.logger,
      intervalMs:
        deps.sweepMs ?? Math.min(5_000, Math.max(250, deps.graceMs / 2)),
    });
  }

  get graceMs(): number {
    return this.deps.graceMs;
  }

  /** Starts the sweeper and listens to media and consult events. */
  start(): void {
    this.deps.media.observer.on(
      'media',
      (e) =>
        void this.media
          .record(e)
          .catch((err) =>
            this.deps.logger.error(
              { err, callId: e.callId },
              'media event not recorded',
            ),
          ),
    );
    this.deps.consults.observer.on('transition', (t) => {
      if (t.to === 'completed' || t.to === 'cancelled' || t.to === 'expired')
        void this.ending.endConsultCalls(t.consult.id).catch(() => undefined);
    });
    this.sweeper.start();
  }

  async stop(): Promise<void> {
    this.closed = true;
    await this.sweeper.stop();
    this.timers.clear();
  }

  // ---- opening ----

  /** The consult's open call, created when there is none (idempotent, race-safe across instances). */
  async openForConsult(consultId: string): Promise<string> {
    return this.open(consultId, null);
  }

  /** A visit's own call (patients, guardians, interpreters with the consult's clinicians). */
  async openForVisit(consultId: string, visitId: string): Promise<string> {
    return this.open(consultId, visitId);
  }

  private async open(
    consultId: string,
    visitId: string | null,
  ): Promise<string> {
    const where = visitId ? { visitId } : { consultId };
    const existing = await openCallIdFor(this.deps.db, where);
    if (existing) return existing;
    const media = this.deps.media;
    const created = await this.deps.db.transaction(async (tx) => {
      // The consult row lock orders concurrent opens (visit calls have no unique index to settle it).
      const { rowCount } = await tx.query(
        'SELECT 1 FROM consults WHERE id = $1 FOR UPDATE',
        [consultId],
      );
      if (!rowCount) throw notFound('The consult', 'consult_not_found');
      return (
        (await openCallIdFor(tx, where)) ??
        (await insertCall(tx, {
          consultId,
          visitId,
          backend: media.kind,
          at: this.deps.clock.now(),
        }))
      );
    });
    const callId = created ?? (await openCallIdFor(this.deps.db, where));
    if (!callId)
      throw conflict(
        'call_not_open',
        'The call could not be opened. Please try again.',
      );
    await media.openRoom(callId);
    return callId;
  }

  // ---- joining and media (call-join.ts, call-media.ts) ----

  join(identity: SocketIdentity, req: JoinRequest): Promise<JoinOutcome> {
    return this.joining.join(identity, req);
  }

  setMediaState(
    callId: string,
    participantId: string,
    audioMuted: boolean,
    videoMuted: boolean,
  ): Promise<void> {
    return this.media.setMediaState(
      callId,
      participantId,
      audioMuted,
      videoMuted,
    );
  }

  /** Media is flowing for a participant (see CallMedia.mediaConnected). */
  mediaConnected(
    ...args: Parameters<CallMedia['mediaConnected']>
  ): Promise<void> {
    return this.media.mediaConnected(...args);
  }

  // ---- leaving, dropping, coming back (call-departure.ts) ----

  /** An explicit leave. `joinSeq` (from a socket) ignores a stale connection's leave. */
  async leave(
    callId: string,
    participantId: string,
    joinSeq?: number,
    reason = 'left',
  ): Promise<void> {
    await this.departure.move(callId, participantId, 'leave', joinSeq, {
      reason,
    });
  }

  /** The socket went away without leaving: they have the grace window to come back. */
  async drop(
    callId: string,
    participantId: string,
    joinSeq: number,
    reason: string,
  ): Promise<void> {
    await this.departure.move(callId, participantId, 'drop', joinSeq, {
      reason,
    });
  }

  /** Takes a participant out of a running call (the visits module: removed, or back to the waiting room). */
  async removeParticipant(
    callId: string,
    participantId: string,
  ): Promise<void> {
    await this.departure.move(callId, participantId, 'leave', undefined, {
      reason: 'removed',
    });
    this.observer.emit('removed', callId, participantId);
  }

  /** Grace over: a dropped participant now counts as gone (since their drop). */
  expire(callId: string, participantId: string): Promise<void> {
    return this.departure.expire(callId, participantId);
  }

  // ---- ending (call-ending.ts) ----

  /** A clinician in the call ends it for everyone. */
  endByClinician(identity: SocketIdentity, callId: string): Promise<void> {
    return this.ending.endByClinician(identity, callId);
  }

  /** Ends an open call; ending an ended call is an illegal transition. */
  end(
    callId: string,
    by: CallActor | null,
    reason: CallEndReason,
  ): Promise<void> {
    return this.ending.end(callId, by, reason);
  }

  // ---- reading ----

  async facts(callId: string): Promise<CallFacts | null> {
    return callFacts(this.deps.db, callId);
  }

  async details(callId: string): Promise<CallDetails | null> {
    const call = await findCall(this.deps.db, callId);
    if (!call) return null;
    return {
      call,
      participants: (await participantsOf(this.deps.db, callId)).map(toWire),
      events: await callEventsOf(this.deps.db, callId),
    };
  }

  /** Finds what timers on a dead (or restarted) instance would have done. */
  async sweep(): Promise<void> {
    if (this.closed) return;
    const now = this.deps.clock.now();
    const before = new Date(now.getTime() - this.deps.graceMs);
    for (const p of await overdueReconnecting(this.deps.db, before))
      await this.expire(p.callId, p.participantId);
    for (const callId of await abandonedCalls(this.deps.db, before))
      await this.ending.endQuietly(callId, 'empty');
  }

  private afterFailure(err: unknown, callId: string): void {
    if (!this.closed)
      this.deps.logger.error({ err, callId }, 'call timer failed');
  }
}
