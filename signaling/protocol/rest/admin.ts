import { z } from 'zod';
import { ROLES, SPECIALTIES } from '../identities';

/** Program administration: practices and users (admin screens and API). */

const isoDate = z.iso.date();
const stateCode = z.string().regex(/^[A-Z]{2}$/, 'is a two-letter state code');

export const practiceInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    address: z.string().trim().max(500).default(''),
    state: stateCode,
    rural: z.boolean().default(false),
    /** Why the flag is what it is, e.g. 'RUCA 7.2'. */
    ruralBasis: z.string().trim().max(200).default(''),
    enrolledOn: isoDate,
    withdrawnOn: isoDate.nullable().default(null),
  })
  .strict();
export type PracticeInput = z.infer<typeof practiceInputSchema>;

export const practiceSchema = practiceInputSchema.extend({ id: z.uuid() });
export type Practice = z.infer<typeof practiceSchema>;

export const licenseSchema = z.object({
  state: stateCode,
  expiresOn: isoDate.nullable().default(null),
});

export const userInviteSchema = z
  .object({
    email: z.email().max(200),
    displayName: z.string().trim().min(1).max(200),
    role: z.enum(ROLES),
    practiceId: z.uuid().nullable().default(null),
    npi: z
      .string()
      .regex(/^[0-9]{10}$/, 'is 10 digits')
      .nullable()
      .default(null),
    specialties: z.array(z.enum(SPECIALTIES)).max(10).default([]),
    licenses: z.array(licenseSchema).max(60).default([]),
    languages: z
      .array(z.string().regex(/^[a-z]{2,3}$/))
      .min(1)
      .max(20)
      .default(['en']),
  })
  .strict();
export type UserInvite = z.infer<typeof userInviteSchema>;

export const userUpdateSchema = userInviteSchema
  .omit({ email: true, role: true })
  .partial()
  .strict();
export type UserUpdate = z.infer<typeof userUpdateSchema>;

export const adminUserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  practiceId: z.uuid().nullable(),
  npi: z.string().nullable(),
  specialties: z.array(z.string()),
  licenses: z.array(
    z.object({ state: z.string(), expiresOn: z.string().nullable() }),
  ),
  languages: z.array(z.string()),
  active: z.boolean(),
  /** Invited and not yet signed up. */
  pending: z.boolean(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

export const invitationAcceptSchema = z
  .object({
    token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not an invitation'),
    password: z.string().min(12, 'is at least 12 characters').max(200),
  })
  .strict();
