import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { AppError, conflict, IllegalTransitionError } from '../errors';
import type { LiveChannel } from '../live/live-channel';
import type { Logger } from '../logger';
import {
  eventSourceOf,
  type MediaBackend,
  type MediaEvent,
} from '../media/media-backend';
import { writeCallEvent, type CallEventSource } from './call-event-writer';
import { ledgerEntry, pushParticipant } from './call-records';
import { callFacts, findParticipant, saveParticipant } from './call-repository';

export interface CallMediaDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  live: LiveChannel;
  media: MediaBackend;
  /** The queue module moves the consult to in_call on its first media. */
  markInCall(consultId: string): Promise<unknown>;
}

/**
 * A participant's media: mute state, and media flowing or lost as the
 * client or an SFU reports it. Each real change writes one ledger row (the
 * minutes billing counts) and is pushed to the call's room.
 */
export class CallMedia {
  constructor(private readonly deps: CallMediaDeps) {}

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
    pushParticipant(this.deps.live, saved);
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
      if (call?.status !== 'open') return null;
      const prev = await findParticipant(tx, callId, participantId);
      if (prev?.state !== 'present' || prev.mediaConnected) return null;
      const { rows } = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM call_events WHERE call_id = $1 AND type = 'media_connected'`,
        [callId],
      );
      const self = await saveParticipant(tx, { ...prev, mediaConnected: true });
      if (!ledgerWritten)
        await writeCallEvent(
          tx,
          ledgerEntry(call, now, 'media_connected', self, source, details),
        );
      return { self, call, first: rows[0]!.n <= (ledgerWritten ? 1 : 0) };
    });
    if (!result) return;
    pushParticipant(this.deps.live, result.self);
    if (result.first) {
      // The consult moves to in_call when its first call has media (the queue module owns that transition).
      await Promise.resolve(this.deps.markInCall(result.call.consultId)).catch(
        (err: unknown) => {
          if (
            !(err instanceof IllegalTransitionError) &&
            !(err instanceof AppError)
          )
            this.deps.logger.warn(
              { err, consultId: result.call.consultId },
              'markInCall failed',
            );
        },
      );
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
      if (!call || !prev?.mediaConnected) return null;
      const self = await saveParticipant(tx, {
        ...prev,
        mediaConnected: false,
      });
      if (!e.recorded)
        await writeCallEvent(
          tx,
          ledgerEntry(
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
    if (saved) pushParticipant(this.deps.live, saved);
  }

  /** An SFU's media event, recorded as the ledger source its backend names. */
  async record(e: MediaEvent): Promise<void> {
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
}
