import type { SEXES } from '../../signaling/protocol/rest/patients';

// The patient's wire shape lives in the wire contract.
export {
  SEXES,
  isoDate,
  newPatientSchema,
  patientSchema,
  usState,
  type NewPatient,
} from '../../signaling/protocol/rest/patients';

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
  const t = Date.parse(`${birthDate}T00:00:00Z`);
  return (
    Number.isFinite(t) && t <= now.getTime() && ageOn(birthDate, now) <= 125
  );
}
