import type { ScorePoint } from './registry-flags';

/**
 * Where the patient page reads rating-scale totals (its trend): the
 * screening store (issue #15) behind a plain interface. The registry list
 * reads only baseline, latest and open alerts, kept on the episode row by
 * triggers (migration 140, registry-page-query.ts).
 */
export interface OutcomeSource {
  /** Every score of these patients, any instrument, oldest first. */
  scores(patientIds: readonly string[]): Promise<Map<string, ScorePoint[]>>;
}
