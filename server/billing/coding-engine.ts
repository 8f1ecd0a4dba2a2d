import type {
  CodingResult,
  ConsultBillingFacts,
  PatientMonthFacts,
} from './billing-facts';
import { codeCollaborativeCare } from './collaborative-care-rules';
import { codeInterprofessional } from './interprofessional-rules';

/**
 * The coding engine's two entry points: pure functions from the facts of one
 * consult (or one patient-month) to billing lines with their reasons. Nothing
 * here reads a clock, a database or the network; see README "Billing".
 */
export function codeConsult(facts: ConsultBillingFacts): CodingResult {
  return codeInterprofessional(facts);
}

export function codePatientMonth(facts: PatientMonthFacts): CodingResult {
  return codeCollaborativeCare(facts);
}

export type {
  CodingResult,
  ConsultBillingFacts,
  PatientMonthFacts,
} from './billing-facts';
