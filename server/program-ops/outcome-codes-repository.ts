import type { Queryable } from '../db/database';
import { notFound } from '../errors';
import {
  OUTCOME_SETTINGS_KEY,
  outcomeCodesOf,
  parseExtensions,
  type OutcomeCodes,
  type OutcomeExtensions,
} from './outcome-codes';

/** The program's disposition and diagnosis lists (base plus its own). */
export async function readOutcomeCodes(
  db: Queryable,
  programId: string,
): Promise<OutcomeCodes> {
  const { rows } = await db.query<{ ext: unknown }>(
    'SELECT settings -> $2::text AS ext FROM programs WHERE id = $1',
    [programId, OUTCOME_SETTINGS_KEY],
  );
  if (!rows[0]) throw notFound('The program');
  return outcomeCodesOf(parseExtensions(rows[0].ext));
}

/** Replaces the program's additions; other settings keys are kept. */
export async function writeOutcomeExtensions(
  db: Queryable,
  programId: string,
  ext: OutcomeExtensions,
): Promise<OutcomeCodes> {
  const { rows } = await db.query<{ ext: unknown }>(
    `UPDATE programs SET settings = settings || jsonb_build_object($2::text, $3::jsonb)
      WHERE id = $1 RETURNING settings -> $2::text AS ext`,
    [programId, OUTCOME_SETTINGS_KEY, JSON.stringify(ext)],
  );
  if (!rows[0]) throw notFound('The program');
  return outcomeCodesOf(parseExtensions(rows[0].ext));
}
