import { z } from 'zod';

/** A patient as registered by a PCP (POST /api/patients) and as read back. */

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;

/** Two-letter US state or territory code. */
export const usState = z
  .string()
  .trim()
  .toUpperCase()
  .regex(
    /^(A[KLRSZ]|C[AOT]|D[CE]|FL|G[AU]|HI|I[ADLN]|K[SY]|LA|M[ADEINOPST]|N[CDEHJMVY]|O[HKR]|P[AR]|RI|S[CD]|T[NX]|UT|V[AIT]|W[AIVY])$/,
    'must be a two-letter US state code such as MA',
  );

export const isoDate = z.iso.date('must be a date as YYYY-MM-DD');

export const newPatientSchema = z.object({
  givenName: z.string().trim().min(1, 'is required').max(100),
  familyName: z.string().trim().min(1, 'is required').max(100),
  birthDate: isoDate,
  sex: z.enum(SEXES),
  state: usState,
  preferredLanguage: z.string().trim().min(2).max(10).default('en'),
});
export type NewPatient = z.infer<typeof newPatientSchema>;

export const patientSchema = newPatientSchema.extend({
  id: z.uuid(),
  practiceId: z.uuid(),
  createdAt: z.string(),
});
