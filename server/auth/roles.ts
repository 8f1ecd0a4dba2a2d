export const ROLES = [
  'pcp',
  'psychiatrist',
  'coordinator',
  'admin',
  'biller',
] as const;
export type Role = (typeof ROLES)[number];

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
