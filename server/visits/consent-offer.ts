import type { ConsentKind } from './consent-texts';
import { requiredOwnConsents, type AdmissionFacts } from './participant-state';

/** What decides which consent boxes a visitor is shown. */
export interface ConsentOfferFacts {
  role: AdmissionFacts['role'];
  patientIsMinor: boolean;
  /** A parent or guardian has their own link to this visit (not removed). */
  guardianInvited: boolean;
  /** A parent or guardian has already consented for the minor in this visit. */
  guardianConsented: boolean;
}

/**
 * The consent kinds a visitor is asked to agree to. Each person signs their
 * own; a minor's link also offers the guardian consent, for a parent on the
 * same phone, but only when no guardian has a link of their own and none has
 * consented yet: otherwise the child would see the parent's box as if it were
 * theirs to sign (issue 19: consent is asked once).
 */
export function consentKindsOffered(f: ConsentOfferFacts): ConsentKind[] {
  const kinds = requiredOwnConsents(f.role, f.patientIsMinor) as ConsentKind[];
  if (
    f.role === 'patient' &&
    f.patientIsMinor &&
    !f.guardianInvited &&
    !f.guardianConsented
  )
    return [...kinds, 'guardian_for_minor'];
  return kinds;
}
