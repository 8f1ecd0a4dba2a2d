import type {
  EscalationStep,
  QueueSettings,
  Relaxable,
} from '../programs/program-settings';
import type {
  DutyCounts,
  LiveOffer,
  QueueEntry,
  QueueSnapshot,
  Worker,
  WorkerState,
} from './queue-types';

/**
 * Routing as plain functions over a snapshot: who is eligible, what order the
 * line is in, how far the pool has widened, and which worker each waiting
 * request should ring next. No I/O, no clock: `nowMs` is passed in.
 */

/** Sort key of an entry: band first, then the front-of-line flag, then waiting time. */
export function lineScore(
  e: Pick<QueueEntry, 'band' | 'frontOfLine' | 'waitingSinceMs'>,
): number {
  return e.band * 1e13 + (e.frontOfLine ? 0 : e.waitingSinceMs);
}

export function orderLine<
  T extends Pick<
    QueueEntry,
    'band' | 'frontOfLine' | 'waitingSinceMs' | 'consultId'
  >,
>(entries: readonly T[]): T[] {
  return [...entries].sort(
    (a, b) =>
      lineScore(a) - lineScore(b) || a.consultId.localeCompare(b.consultId),
  );
}

/** How many escalation steps have passed for a request queued at `queuedAtMs`. */
export function escalationLevel(
  queuedAtMs: number,
  steps: readonly EscalationStep[],
  nowMs: number,
): number {
  const waitedMinutes = (nowMs - queuedAtMs) / 60_000;
  let level = 0;
  for (const s of steps) if (waitedMinutes >= s.afterMinutes) level++;
  return level;
}

export function relaxedAt(
  level: number,
  steps: readonly EscalationStep[],
): Set<Relaxable> {
  return new Set(steps.slice(0, level).flatMap((s) => s.relax));
}

export type Ineligible =
  | 'not_available'
  | 'not_connected'
  | 'other_line'
  | 'holds_offer'
  | 'already_tried'
  | 'not_licensed_in_state'
  | 'no_specialty'
  | 'no_language';

export interface EligibilityRules {
  relaxed: ReadonlySet<Relaxable>;
  interpreterAllowed: boolean;
  /** Now, for license expiry; absent: expiries are not checked. */
  nowMs?: number;
}

/** Licensed in the state now: listed, and not past its expiry. */
export function licensedNow(
  w: Pick<WorkerState, 'licensedStates' | 'licenseEndsMs'>,
  state: string,
  nowMs: number | undefined,
): boolean {
  if (!w.licensedStates.includes(state)) return false;
  const ends = w.licenseEndsMs?.[state];
  return ends === undefined || nowMs === undefined || nowMs < ends;
}

/** Whether a worker may be offered an entry now, and why not. */
export function eligibility(
  w: Worker,
  e: QueueEntry,
  rules: EligibilityRules,
  busyWorkers: ReadonlySet<string>,
): { ok: true } | { ok: false; reason: Ineligible } {
  if (w.availability !== 'available')
    return { ok: false, reason: 'not_available' };
  if (!w.connected) return { ok: false, reason: 'not_connected' };
  if (w.line !== e.line) return { ok: false, reason: 'other_line' };
  if (busyWorkers.has(w.userId)) return { ok: false, reason: 'holds_offer' };
  if (e.excluded.includes(w.userId))
    return { ok: false, reason: 'already_tried' };
  // Licensure is the law: no escalation step relaxes it.
  if (!licensedNow(w, e.patientState, rules.nowMs))
    return { ok: false, reason: 'not_licensed_in_state' };
  // Behavioral health clinicians have no psychiatric specialty to match.
  if (
    e.line === 'psychiatry' &&
    !rules.relaxed.has('specialty') &&
    !w.specialties.includes(e.specialty)
  )
    return { ok: false, reason: 'no_specialty' };
  if (
    !rules.relaxed.has('language') &&
    !rules.interpreterAllowed &&
    !w.languages.includes(e.language)
  )
    return { ok: false, reason: 'no_language' };
  return { ok: true };
}

export interface PlannedOffer {
  entry: QueueEntry;
  worker: Worker;
  escalationLevel: number;
}

/**
 * Pairs waiting requests (line order) with free eligible workers (longest idle
 * first). A request with a ringing offer, and a worker holding one, are skipped:
 * one offer at a time on both sides.
 */
export function planOffers(
  snap: QueueSnapshot,
  settings: Pick<QueueSettings, 'escalationSteps' | 'interpreterAllowed'>,
  nowMs: number,
): PlannedOffer[] {
  const offeredConsults = new Set(
    snap.offers.map((o: LiveOffer) => o.consultId),
  );
  const taken = new Set(snap.offers.map((o) => o.workerId));
  const byIdle = [...snap.workers].sort(
    (a, b) => a.idleSinceMs - b.idleSinceMs || a.userId.localeCompare(b.userId),
  );
  const plan: PlannedOffer[] = [];
  for (const entry of orderLine(snap.entries)) {
    if (offeredConsults.has(entry.consultId)) continue;
    const level = escalationLevel(
      entry.queuedAtMs,
      settings.escalationSteps,
      nowMs,
    );
    const rules = {
      relaxed: relaxedAt(level, settings.escalationSteps),
      interpreterAllowed: settings.interpreterAllowed,
      nowMs,
    };
    const worker = byIdle.find((w) => eligibility(w, entry, rules, taken).ok);
    if (!worker) continue;
    taken.add(worker.userId);
    plan.push({ entry, worker, escalationLevel: level });
  }
  return plan;
}

/** Psychiatrists counted as on duty for the wait estimate: connected and available or in a consult. */
export function onDuty(
  workers: Iterable<Pick<Worker, 'availability' | 'connected'>>,
): DutyCounts {
  let available = 0;
  let duty = 0;
  for (const w of workers) {
    if (!w.connected) continue;
    if (w.availability === 'available') available++;
    if (w.availability === 'available' || w.availability === 'busy') duty++;
  }
  return { available, onDuty: duty };
}
