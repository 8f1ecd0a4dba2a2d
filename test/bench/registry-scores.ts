import type { Database } from '../../server/db/database';
import { NO_OUTCOMES } from '../../server/registry/no-outcomes';
import type { OutcomeSource } from '../../server/registry/outcome-source';

/** Scores for the bench patients (none until the screening store lands). */
export async function seedBenchScores(_db: Database): Promise<void> {}

export const benchOutcomes = (_db: Database): OutcomeSource => NO_OUTCOMES;
