import type { AuditEntry } from '../audit/audit-log';
import { type CareFacts, decide, type Resource } from './access-policy';
import { refusal } from './access-refusals';
import type { Principal } from './roles';

/** An audit row without its actor: the writer stamps who and from where. */
export type AuditRow = Omit<
  AuditEntry,
  'userId' | 'role' | 'requestId' | 'clientIp'
>;
export type AuditWriter = (entry: AuditRow) => Promise<void>;

/** What a refusal is recorded against. */
export interface Attempt {
  action: string;
  patientId: string;
  resourceType: string;
  resourceId: string;
  details?: Record<string, unknown>;
}

/**
 * Decides, and on a refusal audits it and throws the refusal: the one place
 * a denial is handled. The allowed access is audited by the caller (the care
 * reader for reads, the change's own transaction for writes).
 */
export async function enforce(
  resource: Resource,
  who: Principal,
  facts: CareFacts,
  attempt: Attempt,
  audit: AuditWriter,
): Promise<void> {
  const decision = decide(resource, who, facts);
  if (decision.allowed) return;
  await audit({
    ...attempt,
    outcome: 'denied',
    details: { ...attempt.details, reason: decision.reason },
  });
  throw refusal(resource, decision.reason);
}
