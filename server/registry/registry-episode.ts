import { z } from 'zod';
import { ENROLLMENT_KINDS } from '../billing/billing-facts';
import { isoDate } from '../patients/patient';

/** Why a registry episode ended: the registry needs one to close a row. */
export const END_REASONS = [
  'remission',
  'referred_out',
  'lost_to_follow_up',
  'declined',
  'moved',
] as const;
export type EndReason = (typeof END_REASONS)[number];

/** The outcome measure a patient is followed on. */
export const REGISTRY_INSTRUMENTS = ['phq9', 'gad7'] as const;
export type RegistryInstrument = (typeof REGISTRY_INSTRUMENTS)[number];

/**
 * A patient's place on the practice's registry: one care enrollment (CoCM or
 * BHI) and the care team it names.
 */
export interface RegistryEpisode {
  enrollmentId: string;
  kind: (typeof ENROLLMENT_KINDS)[number];
  programId: string;
  practiceId: string;
  patientId: string;
  pcpId: string;
  careManagerId: string;
  consultantId: string;
  instrument: RegistryInstrument;
  startedOn: string;
  endedOn: string | null;
  endReason: EndReason | null;
}

/** The people the access policy's `care_team` scope lets in. */
export const careTeamOf = (e: RegistryEpisode): string[] => [
  e.pcpId,
  e.careManagerId,
  e.consultantId,
];

export const enrollBodySchema = z.object({
  patientId: z.uuid(),
  kind: z.enum(ENROLLMENT_KINDS),
  startDate: isoDate,
  pcpId: z.uuid(),
  careManagerId: z.uuid(),
  consultantId: z.uuid(),
  instrument: z.enum(REGISTRY_INSTRUMENTS).default('phq9'),
});
export type EnrollBody = z.output<typeof enrollBodySchema>;

export const endBodySchema = z.object({
  endDate: isoDate,
  reason: z.enum(END_REASONS),
});

export const episodeSchema = z.object({
  enrollmentId: z.uuid(),
  kind: z.enum(ENROLLMENT_KINDS),
  programId: z.uuid(),
  practiceId: z.uuid(),
  patientId: z.uuid(),
  pcpId: z.uuid(),
  careManagerId: z.uuid(),
  consultantId: z.uuid(),
  instrument: z.enum(REGISTRY_INSTRUMENTS),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
  endReason: z.enum(END_REASONS).nullable(),
});
