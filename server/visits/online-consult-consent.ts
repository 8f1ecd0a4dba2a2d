import { insertConsent as insertPatientConsent } from '../consent/consent-repository';
import type { Queryable } from '../db/database';
import type { ShownConsentText } from './consent-texts';
import type { Visit } from './visit';

/**
 * A guardian's online consent whose text carried the cost-sharing notice is
 * the documented consent of the consult too: it is written beside the visit
 * consent (same transaction) as a written consult consent, so the PCP sees
 * "<name> consented online at <time>" instead of asking again and billing
 * finds it. The visit's creator is the clinician who obtained it (the link
 * was theirs). Returns whether a consult consent was written.
 */
export async function recordOnlineConsultConsent(
  tx: Queryable,
  c: {
    visit: Visit;
    shown: readonly ShownConsentText[];
    signerName: string;
    relationship: string | null;
    now: Date;
  },
): Promise<boolean> {
  const notice = c.shown.find(
    (t) => t.costSharingNotice && t.kind === 'guardian_for_minor',
  );
  if (!notice) return false;
  await insertPatientConsent(
    tx,
    c.visit.patientId,
    {
      kind: 'interprofessional',
      consultId: c.visit.consultId,
      givenBy: 'guardian',
      givenByName: c.signerName,
      guardianRelationship: c.relationship ?? undefined,
      method: 'written',
      costSharingNoticeGiven: true,
    },
    c.visit.createdBy,
    c.now,
    c.now,
  );
  return true;
}
