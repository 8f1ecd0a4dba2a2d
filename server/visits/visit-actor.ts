import type { AuditEntry, AuditLog } from '../audit/audit-log';
import type { Queryable } from '../db/database';
import type { Principal } from '../auth/roles';

/** Who is acting and from where, for the audit rows. */
export interface VisitActor {
  user: Principal;
  requestId: string;
  clientIp: string;
}

/** An audit row in the actor's name (inside `tx` when one is given). */
export function auditAs(
  log: AuditLog,
  a: VisitActor,
  e: Omit<AuditEntry, 'userId' | 'role' | 'requestId' | 'clientIp'>,
  tx?: Queryable,
) {
  return log.record(
    {
      ...e,
      userId: a.user.userId,
      role: a.user.role,
      requestId: a.requestId,
      clientIp: a.clientIp,
    },
    tx,
  );
}
