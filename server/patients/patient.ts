import { z } from 'zod';

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

export interface Patient {
  id: string;
  practiceId: string;
  programId: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: (typeof SEXES)[number];
  state: string;
  preferredLanguage: string;
  createdAt: Date;
}

/** Age in whole years on a given day; consult routing and consent (minors) use it. */
export function ageOn(birthDate: string, on: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [
    number,
    number,
    number,
  ];
  let age = on.getUTCFullYear() - y;
  const beforeBirthday =
    on.getUTCMonth() + 1 < m ||
    (on.getUTCMonth() + 1 === m && on.getUTCDate() < d);
  if (beforeBirthday) age -= 1;
  return age;
}

export function validBirthDate(birthDate: string, now: Date): boolean {
  const t = Date.parse(birthDate + 'T00:00:00Z');
  return (
    Number.isFinite(t) && t <= now.getTime() && ageOn(birthDate, now) <= 125
  );
}
