import { z } from 'zod';

/**
 * Who is on the other end of the wire: staff roles, the people a visit
 * invites, and a signed-in user as the API returns them. Shared by the
 * server (auth, org) and the web client.
 */

export const ROLES = [
  'pcp',
  'psychiatrist',
  'coordinator',
  'admin',
  'biller',
  // A licensed behavioral health clinician: takes warm handoffs and
  // short episodes, on duty like a psychiatrist (server/handoffs).
  'bh_clinician',
  // Behavioral health care manager at a practice (collaborative care).
  'care_manager',
] as const;
export type Role = (typeof ROLES)[number];

/** People a visit invites: they hold a visit token, not a staff login. */
export const VISITOR_ROLES = ['patient', 'guardian', 'interpreter'] as const;
export type VisitorRole = (typeof VISITOR_ROLES)[number];

export const SPECIALTIES = [
  'child_adolescent',
  'perinatal',
  'adult',
  'addiction',
] as const;
export type Specialty = (typeof SPECIALTIES)[number];

/** A staff member as login, refresh and /api/users return them. */
export const userSchema = z.object({
  id: z.uuid(),
  programId: z.uuid(),
  practiceId: z.uuid().nullable(),
  email: z.string(),
  role: z.enum(ROLES),
  displayName: z.string(),
  npi: z.string().nullable(),
  specialties: z.array(z.enum(SPECIALTIES)),
  licensedStates: z.array(z.string()),
  languages: z.array(z.string()),
  active: z.boolean(),
});
export type User = z.infer<typeof userSchema>;
