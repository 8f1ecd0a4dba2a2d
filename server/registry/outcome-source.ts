import type { ScorePoint } from './registry-flags';

/**
 * Where the registry reads rating-scale totals and open safety alerts: the
 * screening store (issue #15) behind a plain interface, so the registry
 * depends on what it reads, not on how screening keeps it.
 */
export interface OutcomeSource {
  /** Every score of these patients, any instrument, oldest first. */
  scores(patientIds: readonly string[]): Promise<Map<string, ScorePoint[]>>;
  /** The patients among these with a safety alert not yet closed. */
  openSafetyAlerts(patientIds: readonly string[]): Promise<Set<string>>;
}
