import type { z } from 'zod';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Database, Queryable } from '../db/database';
import { AppError, conflict, notFound } from '../errors';
import type { LiveChannel } from '../live/live-channel';
import {
  permissionsFor,
  type MediaBackend,
  type MediaJoinInfo,
} from '../media/media-backend';
import {
  maxParticipants,
  type CallJoinResult,
  type callJoinRequest,
} from '../../signaling/protocol/call-events';
import type { SocketIdentity, Visitor } from '../../signaling/socket-identity';
import type { CallAdmission } from './call-admission';
import { writeCallEvent } from './call-event-writer';
import { participantStep } from './call-lifecycle';
import {
  clinicianJoinDecision,
  visitorJoinDecision,
  type CallFacts,
  type JoinDecision,
} from './call-participants';
import {
  auditCallJoin,
  ledgerEntry,
  pushParticipant,
  toWire,
} from './call-records';
import {
  callFacts,
  consultForCall,
  findCall,
  openCallIdFor,
  participantsOf,
  saveParticipant,
} from './call-repository';

export type JoinRequest = z.output<typeof callJoinRequest>;

export interface JoinOutcome {
  result: CallJoinResult;
  participantId: string;
  /** Identifies this join: a later drop or leave from an older connection is ignored. */
  joinSeq: number;
}

export interface CallJoinDeps {
  db: Database;
  clock: Clock;
  live: LiveChannel;
  audit: AuditLog;
  media: MediaBackend;
  /** Whether a visitor may join: the visits module's waiting room. */
  admission: CallAdmission;
  graceMs: number;
  /** The consult's (or its visit's) open call, opened when there is none. */
  open(consultId: string, visitId: string | null): Promise<string>;
  /** Someone (re)joined: their reconnection grace and the call's empty end are off. */
  joined(callId: string, participantId: string): void;
}

const VISITOR_LABEL: Record<Visitor['role'], string> = {
  patient: 'Patient',
  guardian: 'Guardian',
  interpreter: 'Interpreter',
};

/**
 * Joining a call: who may (the pure decisions in call-participants.ts, and
 * the waiting room for visitors), the media admission, then the participant
 * row, its ledger row and audit in one transaction that locks the call.
 */
export class CallJoin {
  constructor(private readonly deps: CallJoinDeps) {}

  async join(identity: SocketIdentity, req: JoinRequest): Promise<JoinOutcome> {
    const callId = await this.resolveCall(identity, req);
    const facts = await callFacts(this.deps.db, callId);
    if (!facts) throw notFound('The call', 'call_not_found');
    const decision =
      identity.kind === 'user'
        ? clinicianJoinDecision(identity, facts)
        : visitorJoinDecision(identity, facts);
    if (!decision.allowed) {
      await auditCallJoin(this.deps.audit, identity, facts, 'denied', {
        code: decision.code,
      });
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
        return this.deps.open(identity.consultId, req.visitId);
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
    return this.deps.open(consult.consultId, req.visitId ?? null);
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
      await auditCallJoin(this.deps.audit, identity, facts, 'denied', {
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
        const call = await lockOpenCall(tx, facts.callId);
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
            ledgerEntry(call, now, step.event, self, 'signaling', details),
          );
        }
        await auditCallJoin(
          this.deps.audit,
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
    this.deps.joined(facts.callId, participantId);
    pushParticipant(this.deps.live, self);
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
}

async function lockOpenCall(tx: Queryable, callId: string): Promise<CallFacts> {
  const call = await callFacts(tx, callId, true);
  if (!call) throw notFound('The call', 'call_not_found');
  if (call.status !== 'open')
    throw conflict('call_ended', 'This call has ended.');
  return call;
}
