import type { Role } from '../../signaling/protocol/identities';

// Role names are part of the wire contract (the client shows and sends them).
export { ROLES, type Role } from '../../signaling/protocol/identities';

export const CLINICIAN_ROLES = [
  'pcp',
  'psychiatrist',
] as const satisfies readonly Role[];
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
