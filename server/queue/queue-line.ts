import type { Actor, Consult } from '../consults/consult';
import type { MoveTx } from '../consults/consult-moves';
import type { QueueDeps } from './queue-deps';
import type { QueueDispatcher } from './queue-dispatcher';
import { lockAssignment } from './queue-consult-repository';
import type { Statement } from '../db/statement';
import {
  availabilityFreedBy,
  writeAvailability,
} from './worker-availability-repository';
import { closeOffer } from './queue-offer-repository';
import { loadEntries, queueEntry } from './queue-repository';

export interface QueueLineDeps extends QueueDeps {
  dispatcher: QueueDispatcher;
}

/** A psychiatrist made available again by a consult's end, to apply after commit. */
export interface FreedWorker {
  userId: string;
  programId: string;
  idleSinceMs: number;
  reason: string;
}

/**
 * Line membership: requests join the live line (created, forwarded from
 * triage, returned), leave it (cancelled, expired), and a psychiatrist whose
 * consult ends is freed for the next one.
 */
export class QueueLine {
  constructor(private readonly deps: QueueLineDeps) {}

  /** Puts a consult PostgreSQL has as queued into the live line and dispatches. */
  async enqueue(consultId: string): Promise<void> {
    const [entry] = await loadEntries(
      this.deps.db,
      { consultId },
      this.deps.clock.now(),
    );
    if (!entry) return;
    await this.deps.store.upsertEntry(entry);
    this.deps.dispatcher.kick(entry.programId);
  }

  /** A consult just created into the line: its entry is built from what the caller holds, without reading it back. */
  async enqueueCreated(
    c: Consult,
    patient: { state: string; birthDate: string },
  ): Promise<void> {
    await this.deps.store.upsertEntry(
      queueEntry(
        {
          ...c,
          consultId: c.id,
          patientState: patient.state,
          birthDate: patient.birthDate,
        },
        [],
        this.deps.clock.now(),
      ),
    );
    this.deps.dispatcher.kick(c.programId);
  }

  /** Coordinator forwards a triaged request to the psychiatrist line. */
  async forward(consultId: string, actor: Actor): Promise<Consult> {
    const now = this.deps.clock.now();
    const consult = await this.deps.consults.forwarded(now, consultId, actor);
    await this.enqueue(consultId);
    return consult;
  }

  /** Cancel (PCP or staff) or expire: withdraws a ringing offer and frees an assigned psychiatrist. */
  async end(
    consultId: string,
    to: 'cancelled' | 'expired',
    actor: Actor,
    reason: string,
  ): Promise<Consult> {
    const { consults, dispatcher, store } = this.deps;
    const now = this.deps.clock.now();
    const result = await consults.transaction(now, async (t) => {
      const offer = await closeOffer(
        t.q,
        { consultId },
        'withdrawn',
        reason,
        now,
      );
      const before = await lockAssignment(t.q, consultId);
      const consult = await consults.ended(t, consultId, to, actor, reason);
      const freed =
        before?.status === 'accepted' && before.assigned
          ? await this.freeWorker(
              t,
              before.assigned,
              consult.programId,
              'consult_cancelled',
            )
          : null;
      return { consult, offer, freed };
    });
    if (result.offer)
      await dispatcher.offerClosed(
        result.offer,
        to === 'expired' ? 'expired' : 'cancelled',
        false,
      );
    await store.removeEntry(result.consult.programId, consultId);
    if (result.freed) await this.applyFreed(result.freed);
    dispatcher.kick(result.consult.programId);
    return result.consult;
  }

  /** busy -> available when a consult ends (wrap-up, completion, cancellation); a chosen away/offline stays. */
  async freeWorker(
    t: MoveTx,
    userId: string,
    programId: string,
    reason: string,
  ): Promise<FreedWorker | null> {
    const a = await writeAvailability(t.q, {
      userId,
      programId,
      status: 'available',
      reason,
      now: t.now,
      onlyFrom: ['busy'],
    });
    return a
      ? { userId, programId, idleSinceMs: a.idleSince.getTime(), reason }
      : null;
  }

  /**
   * freeWorker as a write alongside a consult's move (the psychiatrist is
   * the moved consult's): `freed` is the worker freed, once the move is
   * made, if the write happened. Freed from busy, they are idle from `now`.
   */
  freeAlongside(
    reason: string,
    now: Date,
  ): {
    statement: Statement;
    freed: (wrote: boolean) => void;
    worker: (c: Consult) => FreedWorker | null;
  } {
    let wrote = false;
    return {
      statement: availabilityFreedBy(reason, now),
      freed: (w) => {
        wrote = w;
      },
      worker: (c) =>
        wrote && c.assignedPsychiatristId
          ? {
              userId: c.assignedPsychiatristId,
              programId: c.programId,
              idleSinceMs: now.getTime(),
              reason,
            }
          : null,
    };
  }

  async applyFreed(f: FreedWorker): Promise<void> {
    await this.deps.store.setAvailability(
      f.userId,
      'available',
      f.idleSinceMs,
      f.idleSinceMs,
    );
    this.deps.live.toUser(f.userId, 'queue:availability', {
      status: 'available',
      reason: f.reason,
    });
    this.deps.dispatcher.kick(f.programId);
  }
}
