import type { AuditEntry, AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Database, Queryable } from '../db/database';
import type { LiveChannel } from '../live/live-channel';
import type { Logger } from '../logger';

/** What the visitor side of visits uses. */
export interface VisitCheckInDeps {
  config: Config;
  db: Database;
  clock: Clock;
  audit: AuditLog;
  live: LiveChannel;
  logger: Logger;
}

/**
 * The deps plus the number visitors may call when video fails (null: no
 * phone dial-in here), which every own-state answer carries.
 */
export interface CheckInWork extends VisitCheckInDeps {
  dialIn: string | null;
}

/** Where a visitor's request came from, for the audit rows. */
export interface VisitorOrigin {
  clientIp: string;
  requestId: string;
}

/** Whose row a visitor audit entry is about. */
export interface VisitorRef {
  visitId: string;
  participantId: string;
  patientId: string;
}

/** An audit row by the visitor (no user account: labelled patient-visit). */
export function auditVisitor(
  log: AuditLog,
  v: VisitorRef,
  o: VisitorOrigin,
  e: Omit<AuditEntry, 'actorLabel' | 'requestId' | 'clientIp'>,
  tx?: Queryable,
) {
  return log.record(
    {
      resourceType: 'visit',
      resourceId: v.visitId,
      patientId: v.patientId,
      ...e,
      actorLabel: 'patient-visit',
      requestId: o.requestId,
      clientIp: o.clientIp,
      details: { participantId: v.participantId, ...e.details },
    },
    tx,
  );
}
