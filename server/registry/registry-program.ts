import type { Queryable } from '../db/database';
import { notFound } from '../errors';
import {
  type RegistryThresholds,
  type RegistryThresholdsPatch,
  storedRegistryThresholds,
} from './registry-thresholds';

/** What the registry reads of its program: the zone and the thresholds. */
export interface RegistryProgram {
  timeZone: string;
  thresholds: RegistryThresholds;
}

/**
 * The program's time zone and treat-to-target thresholds (its overrides of
 * the AIMS defaults, kept in programs.settings under `registryThresholds`),
 * in one read.
 */
export async function registryProgram(
  db: Queryable,
  programId: string,
): Promise<RegistryProgram> {
  const { rows } = await db.query<{ timeZone: string; stored: unknown }>(
    `SELECT timezone AS "timeZone", settings -> 'registryThresholds' AS stored
       FROM programs WHERE id = $1`,
    [programId],
  );
  if (!rows[0]) throw notFound('The program');
  return {
    timeZone: rows[0].timeZone,
    thresholds: storedRegistryThresholds(rows[0].stored),
  };
}

/**
 * A change of the program's thresholds, merged into programs.settings
 * under `registryThresholds` (other modules' settings keys are kept).
 */
export async function patchRegistryThresholds(
  db: Queryable,
  programId: string,
  patch: RegistryThresholdsPatch,
): Promise<RegistryThresholds> {
  const { rows } = await db.query<{ stored: unknown }>(
    `UPDATE programs
        SET settings = jsonb_set(settings, '{registryThresholds}',
              coalesce(settings -> 'registryThresholds', '{}'::jsonb) || $2::jsonb)
      WHERE id = $1 RETURNING settings -> 'registryThresholds' AS stored`,
    [programId, JSON.stringify(patch)],
  );
  if (!rows[0]) throw notFound('The program');
  return storedRegistryThresholds(rows[0].stored);
}
