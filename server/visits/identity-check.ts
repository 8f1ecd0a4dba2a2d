import { z } from 'zod';
import { isoDate } from '../patients/patient';

/**
 * The identity check at join. The patient confirms their name and date of
 * birth; a guardian their name, relationship and the child's date of birth; an
 * interpreter their name. Matching is forgiving about case, accents and extra
 * spaces (a parent typing on a phone), strict about the date.
 */
export const GUARDIAN_RELATIONSHIPS = [
  'parent',
  'legal_guardian',
  'grandparent',
  'foster_parent',
  'other_relative',
  'other',
] as const;

export const identityClaimSchema = z.discriminatedUnion('role', [
  z.object({
    role: z.literal('patient'),
    givenName: z.string().trim().min(1, 'is required').max(100),
    familyName: z.string().trim().min(1, 'is required').max(100),
    birthDate: isoDate,
  }),
  z.object({
    role: z.literal('guardian'),
    name: z.string().trim().min(2, 'is required').max(200),
    relationship: z.enum(GUARDIAN_RELATIONSHIPS),
    patientBirthDate: isoDate,
  }),
  z.object({
    role: z.literal('interpreter'),
    name: z.string().trim().min(2, 'is required').max(200),
  }),
]);
export type IdentityClaim = z.infer<typeof identityClaimSchema>;

export interface PatientOnRecord {
  givenName: string;
  familyName: string;
  birthDate: string;
}

export const normalizeName = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();

/** Either name part may be the one the family uses day to day; the date of birth must match. */
export function identityMatches(
  claim: IdentityClaim,
  patient: PatientOnRecord,
): boolean {
  switch (claim.role) {
    case 'patient': {
      const given =
        normalizeName(claim.givenName) === normalizeName(patient.givenName);
      const family =
        normalizeName(claim.familyName) === normalizeName(patient.familyName);
      return claim.birthDate === patient.birthDate && (given || family);
    }
    case 'guardian':
      return claim.patientBirthDate === patient.birthDate;
    case 'interpreter':
      return true;
  }
}

/** Wrong answers allowed before the link is closed and the clinic must send a new one. */
export const MAX_IDENTITY_FAILURES = 5;

/** The name the person gave, kept on the participant for the consent record and the clinician's view. */
export function claimedName(claim: IdentityClaim): string {
  return claim.role === 'patient'
    ? `${claim.givenName} ${claim.familyName}`
    : claim.name;
}
