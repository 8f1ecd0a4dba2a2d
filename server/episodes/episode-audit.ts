import type { AuditLog } from '../audit/audit-log';
import type { Principal } from '../auth/roles';
import type { RequestOrigin } from '../consults/consult-creation';
import type { Queryable } from '../db/database';
import type { Episode } from './episode';

/** Who acts on an episode, and from which request. */
export type Actor = Principal & RequestOrigin;

export const actorOf = (w: Actor) => ({
  userId: w.userId,
  role: w.role,
  requestId: w.requestId,
  clientIp: w.clientIp,
});

/**
 * The audit row of an act on an episode; inside `tx` when the act is a
 * change, so the row and the change commit together.
 */
export function auditEpisode(
  audit: AuditLog,
  who: Actor,
  action: string,
  e: Episode,
  tx?: Queryable,
  details?: Record<string, unknown>,
): Promise<void> {
  return audit.record(
    {
      ...actorOf(who),
      action,
      patientId: e.patientId,
      resourceType: 'episode',
      resourceId: e.id,
      details,
    },
    tx,
  );
}
