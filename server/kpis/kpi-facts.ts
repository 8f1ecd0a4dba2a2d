/**
 * What the KPIs are computed from: plain rows, loaded once per page by
 * kpi-repository.ts. Instants are epoch milliseconds; dates are local
 * 'YYYY-MM-DD' in the program's time zone.
 */
export interface KpiConsult {
  id: string;
  practiceId: string;
  /** The requesting clinician (the provider served). */
  providerId: string;
  patientId: string;
  consultType: string;
  reasonCategories: readonly string[];
  urgency: string;
  status: string;
  disposition: string | null;
  diagnosisCategories: readonly string[];
  createdAtMs: number;
  /** When the psychiatrist's call with the PCP first connected. */
  callbackAtMs: number | null;
  /** An interpreter was invited to one of the consult's visits. */
  interpreterUsed: boolean;
}

export interface KpiPatient {
  id: string;
  birthDate: string;
  language: string;
}

export interface KpiPractice {
  id: string;
  enrolledOn: string;
  withdrawnOn: string | null;
  rural: boolean;
}

export interface KpiProvider {
  id: string;
  practiceId: string;
}

export interface KpiTraining {
  id: string;
  heldOn: string;
  minutes: number;
  cmeCredits: number;
  attendeeIds: readonly string[];
}

export interface KpiFeedback {
  consultId: string;
  useful: boolean;
  wouldHaveReferredOut: boolean | null;
}

export interface KpiFacts {
  targetMinutes: number;
  /** Consults created in the period (the repository's window). */
  consults: readonly KpiConsult[];
  patients: readonly KpiPatient[];
  practices: readonly KpiPractice[];
  /** PCPs of the program's practices. */
  providers: readonly KpiProvider[];
  /** Trainings held in the period. */
  trainings: readonly KpiTraining[];
  feedback: readonly KpiFeedback[];
}
