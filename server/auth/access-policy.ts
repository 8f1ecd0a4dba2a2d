import type { Principal } from './roles';

/**
 * Tenancy rules as plain data checks, in one place (Medplum-style access
 * policy). Handlers load the facts, these decide. Each returns a reason code
 * when it refuses so the denial can be audited precisely.
 */
export type Decision = { allowed: true } | { allowed: false; reason: string };

const allow: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

export interface PatientFacts {
  practiceId: string;
  programId: string;
  /** The psychiatrist has (or had) a consult for this patient offered or assigned to them. */
  psychiatristLinked?: boolean;
}

export function canAccessPatient(
  p: Principal,
  patient: PatientFacts,
): Decision {
  if (patient.programId !== p.programId) return deny('other_program');
  switch (p.role) {
    case 'pcp':
      return patient.practiceId === p.practiceId
        ? allow
        : deny('other_practice');
    case 'psychiatrist':
      return patient.psychiatristLinked
        ? allow
        : deny('no_consult_with_patient');
    case 'coordinator':
    case 'admin':
    case 'biller':
      return allow;
  }
}

export interface ConsultFacts {
  programId: string;
  practiceId: string;
  requestedBy: string;
  assignedPsychiatristId: string | null;
  /** Psychiatrists who were offered it (any offer, live or past). */
  offeredTo: readonly string[];
}

export function canAccessConsult(p: Principal, c: ConsultFacts): Decision {
  if (c.programId !== p.programId) return deny('other_program');
  switch (p.role) {
    case 'pcp':
      return c.practiceId === p.practiceId ? allow : deny('other_practice');
    case 'psychiatrist':
      return c.assignedPsychiatristId === p.userId ||
        c.offeredTo.includes(p.userId)
        ? allow
        : deny('not_offered_or_assigned');
    case 'coordinator':
    case 'admin':
    case 'biller':
      return allow;
  }
}

/**
 * Who may run a consult's virtual visit (create it, invite, admit, remove):
 * the psychiatrist assigned to the consult and the PCP who requested it, the
 * same two clinicians the call lets in.
 */
export function canManageVisit(p: Principal, c: ConsultFacts): Decision {
  if (c.programId !== p.programId) return deny('other_program');
  switch (p.role) {
    case 'psychiatrist':
      return c.assignedPsychiatristId === p.userId
        ? allow
        : deny('not_assigned');
    case 'pcp':
      return c.requestedBy === p.userId ? allow : deny('not_requesting_pcp');
    default:
      return deny('not_a_visit_clinician');
  }
}
