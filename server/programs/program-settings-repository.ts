import type { Queryable } from '../db/database';
import { notFound } from '../errors';
import {
  parseQueueSettings,
  type QueueSettings,
  type QueueSettingsPatch,
} from './program-settings';

/**
 * Program settings live in programs.settings (jsonb). The queue's keys sit at
 * the top level; a patch is merged, so other modules' keys are kept.
 */
export async function readQueueSettings(
  db: Queryable,
  programId: string,
): Promise<QueueSettings> {
  const { rows } = await db.query<{ settings: unknown }>(
    'SELECT settings FROM programs WHERE id = $1',
    [programId],
  );
  if (!rows[0]) throw notFound('The program');
  return parseQueueSettings(rows[0].settings);
}

export async function patchQueueSettings(
  db: Queryable,
  programId: string,
  patch: QueueSettingsPatch,
): Promise<QueueSettings> {
  const { rows } = await db.query<{ settings: unknown }>(
    'UPDATE programs SET settings = settings || $2::jsonb WHERE id = $1 RETURNING settings',
    [programId, JSON.stringify(patch)],
  );
  if (!rows[0]) throw notFound('The program');
  return parseQueueSettings(rows[0].settings);
}
