import type {
  CodingResult,
  ConsultBillingFacts,
  PatientMonthFacts,
} from './billing-facts';
import { codeCollaborativeCare } from './collaborative-care-rules';
import { codeInterprofessional } from './interprofessional-rules';
import type { VisitFacts } from './visit-facts';
import { codeVisitService } from './visit-rules';

/**
 * The coding engine's three entry points: pure functions from the facts of
 * one consult, one patient-month or one virtual visit to billing lines with
 * their reasons. Nothing here reads a clock, a database or the network; see
 * README "Billing" and docs/billing-visits.md.
 */
export function codeConsult(facts: ConsultBillingFacts): CodingResult {
  return codeInterprofessional(facts);
}

export function codePatientMonth(facts: PatientMonthFacts): CodingResult {
  return codeCollaborativeCare(facts);
}

/** The psychiatrist's direct evaluation (a virtual visit) as a telehealth line. */
export function codeVisit(facts: VisitFacts): CodingResult {
  return codeVisitService(facts);
}

export type { VisitFacts } from './visit-facts';
export type {
  CodingResult,
  ConsultBillingFacts,
  PatientMonthFacts,
} from './billing-facts';
