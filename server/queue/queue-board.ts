import type { QueueBoard } from '../../signaling/protocol/rest/queue-board';
import type { Database } from '../db/database';
import type { Clock } from '../clock';
import type { ProgramSettingsService } from '../programs/program-settings-service';
import type { QueueStore } from './queue-store';
import { liveOffers } from './queue-offer-repository';
import { loadEntries } from './queue-repository';
import { escalationLevel, onDuty, orderLine } from './routing';

const minutes = (ms: number) => Math.round((ms / 60_000) * 10) / 10;

/**
 * The coordinator/admin view of the live queue: each request's wait against
 * the target, offers in flight, requests in triage and psychiatrists on duty.
 * Requests and offers come from PostgreSQL, psychiatrists' presence from the
 * live store: the board is reloaded on each `queue:changed`, which is sent at
 * commit, before the live store has caught up (a request forwarded from
 * triage or returned to the line would be missing until the next change).
 */
export async function queueBoard(
  deps: {
    db: Database;
    clock: Clock;
    settings: ProgramSettingsService;
    store: QueueStore;
  },
  programId: string,
): Promise<QueueBoard> {
  const { db } = deps;
  const now = deps.clock.now();
  const nowMs = now.getTime();
  const [settings, snap, entries, offers, triage] = await Promise.all([
    deps.settings.queue(programId),
    deps.store.snapshot(programId, nowMs),
    loadEntries(db, { programId }, now),
    liveOffers(db, programId),
    db.query<{
      consultId: string;
      consultType: string;
      reasonCategories: string[];
      urgency: string;
      emergency: boolean;
      createdAt: Date;
    }>(
      `SELECT id AS "consultId", consult_type AS "consultType", reason_categories AS "reasonCategories", urgency, emergency, created_at AS "createdAt"
         FROM consults WHERE program_id = $1 AND status = 'triage' ORDER BY emergency DESC, urgency DESC, created_at`,
      [programId],
    ),
  ]);
  const names = new Map(snap.workers.map((w) => [w.userId, w.displayName]));
  const offerOf = new Map(offers.map((o) => [o.consultId, o]));
  const held = new Map(offers.map((o) => [o.workerId, o.consultId]));
  return {
    programId,
    generatedAt: now.toISOString(),
    targetMinutes: settings.targetMinutes,
    offerTimeoutSeconds: settings.offerTimeoutSeconds,
    triageEnabled: settings.triageEnabled,
    requests: orderLine(entries).map((e, i) => {
      const o = offerOf.get(e.consultId);
      const waited = minutes(nowMs - e.waitingSinceMs);
      return {
        consultId: e.consultId,
        position: i + 1,
        status: o ? ('offered' as const) : ('queued' as const),
        emergency: e.summary.emergency,
        urgency: e.summary.urgency,
        consultType: e.summary.consultType,
        specialty: e.specialty,
        language: e.language,
        patientState: e.patientState,
        frontOfLine: e.frontOfLine,
        waitedMinutes: waited,
        targetMinutes: settings.targetMinutes,
        overTarget: waited >= settings.targetMinutes,
        escalationLevel: escalationLevel(
          e.queuedAtMs,
          settings.escalationSteps,
          nowMs,
        ),
        triedBy: e.excluded,
        offer: o
          ? {
              offerId: o.offerId,
              psychiatristId: o.workerId,
              psychiatristName: names.get(o.workerId) ?? null,
              expiresAt: new Date(o.expiresAtMs).toISOString(),
            }
          : null,
      };
    }),
    triage: triage.rows.map((t) => ({
      ...t,
      createdAt: t.createdAt.toISOString(),
      waitedMinutes: minutes(nowMs - t.createdAt.getTime()),
    })),
    offersInFlight: offers.length,
    onDuty: onDuty(snap.workers),
    psychiatrists: snap.workers
      .filter((w) => w.connected || w.availability !== 'offline')
      .map((w) => ({
        id: w.userId,
        displayName: w.displayName,
        availability: w.availability,
        connected: w.connected,
        ringingFor: held.get(w.userId) ?? null,
        idleSince: w.idleSinceMs ? new Date(w.idleSinceMs).toISOString() : null,
        specialties: w.specialties,
        licensedStates: w.licensedStates,
        languages: w.languages,
      })),
  };
}
