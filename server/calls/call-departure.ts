import type { Clock } from '../clock';
import type { Database } from '../db/database';
import type { LiveChannel } from '../live/live-channel';
import type { Logger } from '../logger';
import type { MediaBackend } from '../media/media-backend';
import { writeCallEvent } from './call-event-writer';
import {
  emptyCallDeadline,
  isDue,
  participantStep,
  reconnectDeadline,
  type ParticipantAction,
} from './call-lifecycle';
import { ledgerEntry, pushParticipant } from './call-records';
import {
  callFacts,
  findParticipant,
  participantsOf,
  saveParticipant,
} from './call-repository';
import type { CallTimers } from './call-timers';

/** A dropped participant's grace timer. */
export const graceKey = (callId: string, participantId: string) =>
  `${callId}/grace/${participantId}`;
/** The timer that ends a call everyone has left. */
export const endKey = (callId: string) => `${callId}/end`;

export interface CallDepartureDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  live: LiveChannel;
  media: MediaBackend;
  /** CALL_RECONNECT_GRACE_SECONDS in ms. */
  graceMs: number;
  /** The call service's timers (a join cancels them too). */
  timers: CallTimers;
  /** Everyone is gone for the grace window: the call ends as empty. */
  endEmpty(callId: string): Promise<void>;
  /** A timer's work failed (logged unless the service is stopping). */
  failed(err: unknown, callId: string): void;
}

/**
 * A participant leaving, dropping or running out of grace: the change and
 * its ledger row in one transaction that locks the call, then the grace
 * timer of a drop, or the media removal and the empty call's end.
 */
export class CallDeparture {
  constructor(private readonly deps: CallDepartureDeps) {}

  /** Grace over: a dropped participant now counts as gone (since their drop). */
  async expire(callId: string, participantId: string): Promise<void> {
    await this.move(callId, participantId, 'expire', undefined, {
      reason: 'reconnect_timeout',
    });
  }

  async move(
    callId: string,
    participantId: string,
    action: ParticipantAction,
    joinSeq: number | undefined,
    details: Record<string, unknown>,
  ): Promise<void> {
    const now = this.deps.clock.now();
    const moved = await this.deps.db.transaction(async (tx) => {
      const call = await callFacts(tx, callId, true);
      if (call?.status !== 'open') return null;
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
          ledgerEntry(call, now, step.event, self, 'signaling', {
            ...details,
            ...extra,
          }),
        );
      }
      return self;
    });
    if (!moved) return;
    pushParticipant(this.deps.live, moved);
    if (action === 'drop') {
      const deadline = reconnectDeadline(moved, this.deps.graceMs)!;
      this.deps.timers.schedule(
        graceKey(callId, participantId),
        deadline,
        now,
        () =>
          void this.expire(callId, participantId).catch((err) =>
            this.deps.failed(err, callId),
          ),
      );
      return;
    }
    this.deps.timers.cancel(graceKey(callId, participantId));
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
    if (isDue(deadline, now)) return void (await this.deps.endEmpty(callId));
    if (deadline)
      this.deps.timers.schedule(
        endKey(callId),
        deadline,
        now,
        () =>
          void this.afterDeparture(callId).catch((err) =>
            this.deps.failed(err, callId),
          ),
      );
  }
}
