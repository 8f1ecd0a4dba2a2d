import type { OutcomeSource } from './outcome-source';

/** An outcome source with no scores and no alerts (until screening lands). */
export const NO_OUTCOMES: OutcomeSource = {
  scores: async () => new Map(),
  openSafetyAlerts: async () => new Set(),
};
