import type { CONSENT_KINDS } from '../../signaling/protocol/rest/consents';

// The consent's wire shape lives in the wire contract.
export {
  consentSchema,
  newConsentSchema,
  type NewConsent,
} from '../../signaling/protocol/rest/consents';

export interface Consent {
  id: string;
  patientId: string;
  consultId: string | null;
  kind: (typeof CONSENT_KINDS)[number];
  givenBy: 'patient' | 'guardian';
  givenByName: string | null;
  guardianRelationship: string | null;
  method: 'verbal' | 'written';
  costSharingNoticeGiven: boolean;
  obtainedBy: string;
  obtainedAt: Date;
  recordedAt: Date;
  withdrawnAt: Date | null;
}

export const consentToJson = (c: Consent) => ({
  ...c,
  obtainedAt: c.obtainedAt.toISOString(),
  recordedAt: c.recordedAt.toISOString(),
  withdrawnAt: c.withdrawnAt?.toISOString() ?? null,
});
