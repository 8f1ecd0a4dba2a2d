import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Database, Queryable } from '../db/database';
import {
  AppError,
  conflict,
  forbidden,
  IllegalTransitionError,
  notFound,
} from '../errors';
import type { LiveChannel } from '../live/live-channel';
import type { Logger } from '../logger';
import {
  eventSourceOf,
  permissionsFor,
  type MediaBackend,
  type MediaEvent,
  type MediaJoinInfo,
} from '../media/media-backend';
import {
  maxParticipants,
  type CallJoinResult,
  type CallParticipant,
  type callJoinRequest,
} from '../../signaling/protocol/call-events';
import { callRoom } from '../../signaling/call-rooms';
import type { SocketIdentity, Visitor } from '../../signaling/socket-identity';
import type { z } from 'zod';
import type { ConsultEvents } from '../consults/consult-lifecycle';
import { TypedEmitter, type Observer } from '../events/typed-emitter';
import type { CallAdmission } from './call-admission';
import {
  callEventsOf,
  writeCallEvent,
  type CallEvent,
  type CallEventRow,
  type CallEventSource,
} from './call-event-writer';
import {
  emptyCallDeadline,
  isDue,
  nextCallStatus,
  participantStep,
  reconnectDeadline,
  type ParticipantAction,
} from './call-lifecycle';
import {
  clinicianJoinDecision,
  visitorJoinDecision,
  type CallFacts,
  type JoinDecision,
} from './call-participants';
import {
  abandonedCalls,
  callFacts,
  consultForCall,
  findCall,
  findParticipant,
  insertCall,
  markCallEnded,
  openCallIdFor,
  overdueReconnecting,
  participantsOf,
  saveParticipant,
  type CallRow,
  type ParticipantRow,
} from './call-repository';
import { CallTimers } from './call-timers';

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

export type JoinRequest = z.output<typeof callJoinRequest>;

export interface JoinOutcome {
  result: CallJoinResult;
  participantId: string;
  /** Identifies this join: a later drop or leave from an older connection is ignored. */
  joinSeq: number;
}

export interface CallDetails {
  call: CallRow;
  participants: CallParticipant[];
  events: CallEventRow[];
}

/** A clinician or visitor acting in a call, as the ledger records them. */
interface CallActor {
  participantId: string;
  userId: string | null;
  role: string;
}

export type CallObserverEvents = {
  /** The call ended: sockets leave its rooms. */
  ended: [callId: string];
  /** One participant was taken out (removed by a clinician, or replaced): their sockets leave. */
  removed: [callId: string, participantId: string];
};

const graceKey = (callId: string, participantId: string) =>
  `${callId}/grace/${participantId}`;
const endKey = (callId: string) => `${callId}/end`;
const VISITOR_LABEL: Record<Visitor['role'], string> = {
  patient: 'Patient',
  guardian: 'Guardian',
  interpreter: 'Interpreter',
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
  private sweeper: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly deps: CallServiceDeps) {
    this.observer = new TypedEmitter<CallObserverEvents>((err, event) =>
      deps.logger.error({ err, event }, 'call listener failed'),
    );
  }

  get graceMs(): number {
    return this.deps.graceMs;
  }

  /** Starts the sweeper and listens to media and consult events. */
  start(): void {
    this.deps.media.observer.on(
      'media',
      (e) =>
        void this.onMediaEvent(e).catch((err) =>
          this.deps.logger.error(
            { err, callId: e.callId },
            'media event not recorded',
          ),
        ),
    );
    this.deps.consults.observer.on('transition', (t) => {
      if (t.to === 'completed' || t.to === 'cancelled' || t.to === 'expired')
        void this.endConsultCalls(t.consult.id).catch(() => undefined);
    });
    const every =
      this.deps.sweepMs ??
      Math.min(5_000, Math.max(250, this.deps.graceMs / 2));
    this.sweeper = setInterval(
      () =>
        void this.sweep().catch((err) =>
          this.deps.logger.warn({ err }, 'call sweep failed'),
        ),
      every,
    );
    this.sweeper.unref();
  }

  async stop(): Promise<void> {
    this.closed = true;
    if (this.sweeper) clearInterval(this.sweeper);
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

  // ---- joining ----

  async join(identity: SocketIdentity, req: JoinRequest): Promise<JoinOutcome> {
    const callId = await this.resolveCall(identity, req);
    const facts = await callFacts(this.deps.db, callId);
    if (!facts) throw notFound('The call', 'call_not_found');
    const decision =
      identity.kind === 'user'
        ? clinicianJoinDecision(identity, facts)
        : visitorJoinDecision(identity, facts);
    if (!decision.allowed) {
      await this.auditJoin(identity, facts, 'denied', { code: decision.code });
      throw new AppError(
        decision.code === 'call_ended' ? 'conflict' : 'forbidden',
        decision.code,
        decision.message,
      );
    }
    const displayName = await this.admittedName(identity, facts);
    const permissions = permissionsFor(decision.role, true);
    const media = await this.deps.media.admit({
      callId,
      participantId: decision.participantId,
      role: decision.role,
      displayName,
      permissions,
    });
    try {
      return await this.recordJoin(
        identity,
        facts,
        decision,
        displayName,
        req,
        media,
      );
    } catch (err) {
      await this.deps.media
        .remove(callId, decision.participantId)
        .catch(() => undefined);
      throw err;
    }
  }

  private async resolveCall(
    identity: SocketIdentity,
    req: JoinRequest,
  ): Promise<string> {
    if (req.callId) return req.callId;
    const where = req.consultId
      ? { consultId: req.consultId }
      : { visitId: req.visitId! };
    const existing = await openCallIdFor(this.deps.db, where);
    if (existing) return existing;
    // A visitor's token names their consult and visit, so their first join may open the visit's call.
    if (identity.kind === 'visitor') {
      if (req.visitId && identity.visitId === req.visitId)
        return this.openForVisit(identity.consultId, req.visitId);
      throw notFound('The call', 'call_not_open');
    }
    // Only the consult's own clinicians may bring its call (or its visit's call) into being.
    const consultId =
      req.consultId ??
      (
        await this.deps.db.query<{ consultId: string }>(
          'SELECT consult_id AS "consultId" FROM visits WHERE id = $1',
          [req.visitId],
        )
      ).rows[0]?.consultId;
    const consult = consultId
      ? await consultForCall(this.deps.db, consultId)
      : null;
    const decision = consult
      ? clinicianJoinDecision(identity, {
          ...consult,
          callId: '',
          visitId: null,
          status: 'open',
          consultStatus: consult.status,
        })
      : null;
    if (!consult || !decision?.allowed) {
      await this.deps.audit.record({
        action: 'call.join',
        outcome: 'denied',
        userId: identity.userId,
        role: identity.role,
        patientId: consult?.patientId ?? null,
        resourceType: req.consultId ? 'consult' : 'visit',
        resourceId: req.consultId ?? req.visitId,
        details: {
          code: decision && !decision.allowed ? decision.code : 'not_found',
        },
      });
      if (!consult || !decision)
        throw notFound(
          req.consultId ? 'The consult' : 'The visit',
          req.consultId ? 'consult_not_found' : 'visit_not_found',
        );
      if (!decision.allowed)
        throw new AppError('forbidden', decision.code, decision.message);
    }
    return req.visitId
      ? this.openForVisit(consult.consultId, req.visitId)
      : this.openForConsult(consult.consultId);
  }

  /** Visitors need the visits module's say-so (admitted from the waiting room); clinicians are named by their account. */
  private async admittedName(
    identity: SocketIdentity,
    facts: CallFacts,
  ): Promise<string> {
    if (identity.kind === 'user') return identity.displayName;
    const decision = await this.deps.admission.canJoin(identity, {
      callId: facts.callId,
      consultId: facts.consultId,
      visitId: facts.visitId,
    });
    if (!decision.admitted) {
      await this.auditJoin(identity, facts, 'denied', {
        code: 'not_admitted',
        reason: decision.reason,
      });
      throw new AppError(
        'forbidden',
        'not_admitted',
        'You are in the waiting room. Your clinician will let you in shortly.',
        { reason: decision.reason },
      );
    }
    return decision.displayName ?? VISITOR_LABEL[identity.role];
  }

  private async recordJoin(
    identity: SocketIdentity,
    facts: CallFacts,
    decision: Extract<JoinDecision, { allowed: true }>,
    displayName: string,
    req: JoinRequest,
    media: MediaJoinInfo,
  ): Promise<JoinOutcome> {
    const now = this.deps.clock.now();
    const { participantId } = decision;
    const { self, all, resumed } = await this.deps.db.transaction(
      async (tx) => {
        const call = await this.lockOpenCall(tx, facts.callId);
        const rows = await participantsOf(tx, call.callId);
        const prev =
          rows.find((r) => r.participantId === participantId) ?? null;
        const from = prev?.state ?? 'absent';
        const step = participantStep(from, 'join');
        const max = maxParticipants(call.mediaBackend);
        if (
          (from === 'absent' || from === 'left') &&
          rows.filter((r) => r.state !== 'left').length >= max
        ) {
          throw conflict(
            'call_full',
            `This call already has ${max} participants.`,
          );
        }
        const keepsMedia =
          from === 'present' && prev?.peerSession === req.peerSession;
        const self = await saveParticipant(tx, {
          callId: call.callId,
          participantId,
          userId: decision.userId,
          role: decision.role,
          displayName,
          state: step.to,
          joinSeq: (prev?.joinSeq ?? 0) + 1,
          peerSession: req.peerSession,
          audioMuted: req.audioMuted,
          videoMuted: req.videoMuted,
          mediaConnected: keepsMedia ? prev!.mediaConnected : false,
          joinedAt: prev?.joinedAt ?? now,
          stateSince: step.event || !prev ? now : prev.stateSince,
          goneAt: null,
        });
        if (step.event) {
          const details =
            from === 'reconnecting' && prev?.goneAt
              ? { awayMs: now.getTime() - prev.goneAt.getTime() }
              : undefined;
          await writeCallEvent(
            tx,
            this.ledger(call, now, step.event, self, 'signaling', details),
          );
        }
        await this.auditJoin(
          identity,
          call,
          'allowed',
          { role: decision.role, event: step.event ?? 'rejoined' },
          tx,
        );
        const all = prev
          ? rows.map((r) => (r.participantId === participantId ? self : r))
          : [...rows, self];
        return {
          self,
          all,
          resumed:
            from === 'reconnecting' || (from === 'present' && keepsMedia),
        };
      },
    );
    this.timers.cancel(graceKey(facts.callId, participantId));
    this.timers.cancel(endKey(facts.callId));
    this.push(self);
    return {
      participantId,
      joinSeq: self.joinSeq,
      result: {
        call: {
          callId: facts.callId,
          consultId: facts.consultId,
          visitId: facts.visitId,
          status: 'open',
          openedAt: (await findCall(
            this.deps.db,
            facts.callId,
          ))!.openedAt.toISOString(),
        },
        self: toWire(self),
        participants: all
          .filter(
            (p) => p.participantId !== participantId && p.state !== 'left',
          )
          .map(toWire),
        media,
        reconnectGraceSeconds: this.deps.graceMs / 1000,
        resumed,
      },
    };
  }

  // ---- leaving, dropping, coming back ----

  /** An explicit leave. `joinSeq` (from a socket) ignores a stale connection's leave. */
  async leave(
    callId: string,
    participantId: string,
    joinSeq?: number,
    reason = 'left',
  ): Promise<void> {
    await this.move(callId, participantId, 'leave', joinSeq, { reason });
  }

  /** The socket went away without leaving: they have the grace window to come back. */
  async drop(
    callId: string,
    participantId: string,
    joinSeq: number,
    reason: string,
  ): Promise<void> {
    await this.move(callId, participantId, 'drop', joinSeq, { reason });
  }

  /** Takes a participant out of a running call (the visits module: removed, or back to the waiting room). */
  async removeParticipant(
    callId: string,
    participantId: string,
  ): Promise<void> {
    await this.move(callId, participantId, 'leave', undefined, {
      reason: 'removed',
    });
    this.observer.emit('removed', callId, participantId);
  }

  /** Grace over: a dropped participant now counts as gone (since their drop). */
  async expire(callId: string, participantId: string): Promise<void> {
    await this.move(callId, participantId, 'expire', undefined, {
      reason: 'reconnect_timeout',
    });
  }

  private async move(
    callId: string,
    participantId: string,
    action: ParticipantAction,
    joinSeq: number | undefined,
    details: Record<string, unknown>,
  ): Promise<void> {
    const now = this.deps.clock.now();
    const moved = await this.deps.db.transaction(async (tx) => {
      const call = await callFacts(tx, callId, true);
      if (!call || call.status !== 'open') return null;
      const prev = await findParticipant(tx, callId, participantId);
      if (!prev || (joinSeq !== undefined && prev.joinSeq !== joinSeq))
        return null;
      if (
        action === 'expire' &&
        !isDue(reconnectDeadline(prev, this.deps.graceMs), now)
      )
        return null;
      if (action === 'drop' && prev.state !== 'present') return null;
      if (action === 'leave' && prev.state === 'left') return null;
      const step = participantStep(prev.state, action);
      const self = await saveParticipant(tx, {
        ...prev,
        state: step.to,
        mediaConnected: false,
        stateSince: now,
        // An expired drop counts as gone from the drop, not from the expiry.
        goneAt: action === 'expire' ? prev.goneAt : now,
      });
      if (step.event) {
        const extra =
          action === 'expire' && prev.goneAt
            ? { droppedAt: prev.goneAt.toISOString() }
            : {};
        await writeCallEvent(
          tx,
          this.ledger(call, now, step.event, self, 'signaling', {
            ...details,
            ...extra,
          }),
        );
      }
      return self;
    });
    if (!moved) return;
    this.push(moved);
    if (action === 'drop') {
      const deadline = reconnectDeadline(moved, this.deps.graceMs)!;
      this.timers.schedule(
        graceKey(callId, participantId),
        deadline,
        now,
        () =>
          void this.expire(callId, participantId).catch((err) =>
            this.afterFailure(err, callId),
          ),
      );
      return;
    }
    this.timers.cancel(graceKey(callId, participantId));
    await this.deps.media
      .remove(callId, participantId)
      .catch((err) =>
        this.deps.logger.warn({ err, callId }, 'media remove failed'),
      );
    await this.afterDeparture(callId);
  }

  /** When everyone is gone, the call ends once the last of them has been gone for the grace window. */
  private async afterDeparture(callId: string): Promise<void> {
    const rows = await participantsOf(this.deps.db, callId);
    const deadline = emptyCallDeadline(rows, this.deps.graceMs);
    const now = this.deps.clock.now();
    if (isDue(deadline, now))
      return void (await this.endQuietly(callId, 'empty'));
    if (deadline)
      this.timers.schedule(
        endKey(callId),
        deadline,
        now,
        () =>
          void this.afterDeparture(callId).catch((err) =>
            this.afterFailure(err, callId),
          ),
      );
  }

  // ---- media ----

  async setMediaState(
    callId: string,
    participantId: string,
    audioMuted: boolean,
    videoMuted: boolean,
  ): Promise<void> {
    const row = await findParticipant(this.deps.db, callId, participantId);
    if (!row || row.state === 'left')
      throw conflict('not_in_call', 'You are not in this call.');
    if (row.audioMuted === audioMuted && row.videoMuted === videoMuted) return;
    const saved = await saveParticipant(this.deps.db, {
      ...row,
      audioMuted,
      videoMuted,
    });
    this.push(saved);
  }

  /**
   * Media is flowing for this participant (first time since they joined or came
   * back): one ledger row, unless the SFU's webhook wrote it already (`ledgerWritten`).
   * The call's first media moves the consult to in_call.
   */
  async mediaConnected(
    callId: string,
    participantId: string,
    source: CallEventSource,
    details?: Record<string, unknown>,
    ledgerWritten = false,
  ): Promise<void> {
    const now = this.deps.clock.now();
    const result = await this.deps.db.transaction(async (tx) => {
      const call = await callFacts(tx, callId, true);
      if (!call || call.status !== 'open') return null;
      const prev = await findParticipant(tx, callId, participantId);
      if (!prev || prev.state !== 'present' || prev.mediaConnected) return null;
      const { rows } = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM call_events WHERE call_id = $1 AND type = 'media_connected'`,
        [callId],
      );
      const self = await saveParticipant(tx, { ...prev, mediaConnected: true });
      if (!ledgerWritten)
        await writeCallEvent(
          tx,
          this.ledger(call, now, 'media_connected', self, source, details),
        );
      return { self, call, first: rows[0]!.n <= (ledgerWritten ? 1 : 0) };
    });
    if (!result) return;
    this.push(result.self);
    if (result.first) {
      // The consult moves to in_call when its first call has media (the queue module owns that transition).
      await Promise.resolve(
        this.deps.consults.markInCall(result.call.consultId),
      ).catch((err: unknown) => {
        if (
          !(err instanceof IllegalTransitionError) &&
          !(err instanceof AppError)
        )
          this.deps.logger.warn(
            { err, consultId: result.call.consultId },
            'markInCall failed',
          );
      });
    }
  }

  /** Media lost (or ended) for a participant, as an SFU saw it: one ledger row if their media was up. */
  private async mediaLost(
    e: MediaEvent,
    source: CallEventSource,
  ): Promise<void> {
    const now = this.deps.clock.now();
    const saved = await this.deps.db.transaction(async (tx) => {
      const call = await callFacts(tx, e.callId, true);
      const prev = call
        ? await findParticipant(tx, e.callId, e.participantId)
        : null;
      if (!call || !prev || !prev.mediaConnected) return null;
      const self = await saveParticipant(tx, {
        ...prev,
        mediaConnected: false,
      });
      if (!e.recorded)
        await writeCallEvent(
          tx,
          this.ledger(
            call,
            now,
            e.type as 'participant_dropped' | 'participant_left',
            self,
            source,
            { ...e.details, media: true },
          ),
        );
      return self;
    });
    if (saved) this.push(saved);
  }

  private async onMediaEvent(e: MediaEvent): Promise<void> {
    const source = eventSourceOf(this.deps.media.kind);
    if (e.type === 'media_connected') {
      await this.mediaConnected(
        e.callId,
        e.participantId,
        source,
        e.details,
        e.recorded === true,
      );
    } else {
      await this.mediaLost(e, source);
    }
  }

  // ---- ending ----

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
    await Promise.resolve(this.deps.consults.markWrapUp(facts.consultId)).catch(
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
          this.ledger(call, now, 'participant_left', self, 'signaling', {
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
    this.timers.cancelPrefix(`${callId}/`);
    this.deps.live.toRoom(callRoom(callId), 'call:ended', {
      callId,
      reason,
      endedBy: by?.participantId ?? null,
    });
    this.observer.emit('ended', callId);
    await this.deps.media
      .closeRoom(callId)
      .catch((err) =>
        this.deps.logger.warn({ err, callId }, 'media room close failed'),
      );
  }

  private async endQuietly(
    callId: string,
    reason: 'empty' | 'consult_closed',
  ): Promise<void> {
    await this.end(callId, null, reason).catch((err) => {
      if (!(err instanceof IllegalTransitionError)) throw err;
    });
  }

  private async endConsultCalls(consultId: string): Promise<void> {
    const { rows } = await this.deps.db.query<{ id: string }>(
      `SELECT id FROM calls WHERE consult_id = $1 AND status = 'open'`,
      [consultId],
    );
    for (const r of rows) await this.endQuietly(r.id, 'consult_closed');
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
      await this.endQuietly(callId, 'empty');
  }

  // ---- helpers ----

  private async lockOpenCall(
    tx: Queryable,
    callId: string,
  ): Promise<CallFacts> {
    const call = await callFacts(tx, callId, true);
    if (!call) throw notFound('The call', 'call_not_found');
    if (call.status !== 'open')
      throw conflict('call_ended', 'This call has ended.');
    return call;
  }

  private ledger(
    call: CallFacts,
    at: Date,
    type: CallEvent['type'],
    p: ParticipantRow,
    source: CallEventSource,
    details?: Record<string, unknown>,
  ): CallEvent {
    return {
      callId: call.callId,
      consultId: call.consultId,
      at,
      type,
      participantId: p.participantId,
      userId: p.userId,
      role: p.role,
      source,
      details,
    };
  }

  private push(p: ParticipantRow): void {
    this.deps.live.toRoom(callRoom(p.callId), 'call:participant', {
      callId: p.callId,
      participant: toWire(p),
    });
  }

  private auditJoin(
    identity: SocketIdentity,
    call: CallFacts,
    outcome: 'allowed' | 'denied',
    details: Record<string, unknown>,
    tx?: Queryable,
  ): Promise<void> {
    const who =
      identity.kind === 'user'
        ? { userId: identity.userId, role: identity.role }
        : { actorLabel: `visit-${identity.role}` };
    return this.deps.audit.record(
      {
        action: 'call.join',
        outcome,
        ...who,
        patientId: call.patientId,
        resourceType: 'call',
        resourceId: call.callId,
        details: { consultId: call.consultId, ...details },
      },
      tx,
    );
  }

  private afterFailure(err: unknown, callId: string): void {
    if (!this.closed)
      this.deps.logger.error({ err, callId }, 'call timer failed');
  }
}

export function toWire(p: ParticipantRow): CallParticipant {
  return {
    participantId: p.participantId,
    role: p.role,
    displayName: p.displayName,
    state: p.state,
    peerSession: p.peerSession,
    audioMuted: p.audioMuted,
    videoMuted: p.videoMuted,
    mediaConnected: p.mediaConnected,
    permissions: permissionsFor(p.role, true),
  };
}
