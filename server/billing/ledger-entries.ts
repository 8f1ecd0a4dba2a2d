import { ACTIVITY_CLASS, type LedgerEntryFact } from './billing-facts';
import type { TimeInterval } from './interval-merge';

/**
 * The ledger is append-only: a correction is a new row that supersedes an
 * older one (and a removal is a correction that voids). What counts is every
 * row nobody superseded, minus the voiding ones.
 */
export function effectiveEntries(
  ledger: readonly LedgerEntryFact[],
): LedgerEntryFact[] {
  let superseded: Set<string> | null = null;
  for (const e of ledger)
    if (e.supersedes) (superseded ??= new Set()).add(e.supersedes);
  // Most consults have no corrections: then no set of ids to hash and probe.
  const gone = superseded;
  return ledger.filter(
    gone ? (e) => !gone.has(e.id) && !e.voids : (e) => !e.voids,
  );
}

/** Entries with a start and end become intervals (overlap-checked); minutes-only entries stay unanchored. */
export function splitEntries(entries: readonly LedgerEntryFact[]): {
  intervals: TimeInterval[];
  unanchored: LedgerEntryFact[];
} {
  const intervals: TimeInterval[] = [];
  const unanchored: LedgerEntryFact[] = [];
  for (const e of entries) {
    if (e.endedAt !== null)
      intervals.push({
        start: e.startedAt,
        end: e.endedAt,
        cls: ACTIVITY_CLASS[e.activity],
      });
    else if (e.minutes !== null) unanchored.push(e);
  }
  return { intervals, unanchored };
}
