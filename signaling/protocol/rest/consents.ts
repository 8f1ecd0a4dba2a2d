import { z } from 'zod';

/**
 * Consent for interprofessional consultation as the treating team records it
 * (POST /api/patients/:id/consents) and reads it back. Billing reads the same
 * kinds: a consult is billable only under a consent of the right kind.
 */

export const CONSENT_KINDS = [
  'interprofessional',
  'collaborative_care',
  'telehealth',
] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

/** Who obtained it, from whom, when, and the cost-sharing notice. */
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
