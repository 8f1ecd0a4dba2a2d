import { z } from 'zod';
import { CONSENT_KINDS } from '../billing/billing-facts';

/** Verbal consent as the treating team records it: who obtained it, from whom, when, and the cost-sharing notice. */
export const newConsentSchema = z
  .object({
    kind: z.enum(CONSENT_KINDS),
    /** Tie the consent to one consult; leave out for a patient-level consent (collaborative care). */
    consultId: z.uuid().optional(),
    givenBy: z.enum(['patient', 'guardian']),
    givenByName: z.string().trim().min(1).max(200).optional(),
    guardianRelationship: z.string().trim().min(1).max(100).optional(),
    method: z.enum(['verbal', 'written']).default('verbal'),
    costSharingNoticeGiven: z.boolean({
      error: 'must say whether the cost-sharing notice was given',
    }),
    /** When consent was obtained (defaults to now; never in the future). */
    obtainedAt: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((c) => c.givenBy === 'patient' || !!c.givenByName, {
    path: ['givenByName'],
    message: 'is required when a guardian gives consent',
  });
export type NewConsent = z.infer<typeof newConsentSchema>;

export const consentSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  consultId: z.uuid().nullable(),
  kind: z.enum(CONSENT_KINDS),
  givenBy: z.enum(['patient', 'guardian']),
  givenByName: z.string().nullable(),
  guardianRelationship: z.string().nullable(),
  method: z.enum(['verbal', 'written']),
  costSharingNoticeGiven: z.boolean(),
  obtainedBy: z.uuid(),
  obtainedAt: z.string(),
  recordedAt: z.string(),
  withdrawnAt: z.string().nullable(),
});

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
