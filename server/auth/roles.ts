import type { Role } from '../../signaling/protocol/identities';

// Role names are part of the wire contract (the client shows and sends them).
export { ROLES, type Role } from '../../signaling/protocol/identities';

export const CLINICIAN_ROLES = [
  'pcp',
  'psychiatrist',
] as const satisfies readonly Role[];
/**
 * Roles the queue rings: each has an availability, licensed states and
 * languages, and is offered requests of its own line (docs/queue.md).
 */
export const QUEUE_WORKER_ROLES = [
  'psychiatrist',
  'bh_clinician',
] as const satisfies readonly Role[];
export type QueueWorkerRole = (typeof QUEUE_WORKER_ROLES)[number];

export function isQueueWorker(role: Role): role is QueueWorkerRole {
  return (QUEUE_WORKER_ROLES as readonly Role[]).includes(role);
}

export const PROGRAM_STAFF_ROLES = [
  'coordinator',
  'admin',
] as const satisfies readonly Role[];

/** Who is making a request: a signed-in staff member. */
export interface Principal {
  kind: 'user';
  userId: string;
  role: Role;
  programId: string;
  practiceId: string | null;
  sessionId: string;
  displayName: string;
}
