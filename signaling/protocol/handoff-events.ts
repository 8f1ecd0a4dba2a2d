import { z } from 'zod';

/** Server -> client events about warm handoffs and episodes (ids only). */
export const handoffEvents = {
  /** To the requesting PCP: a behavioral health clinician took the handoff. */
  'handoff:answered': z.object({
    handoffId: z.uuid(),
    consultId: z.uuid(),
    episodeId: z.uuid().nullable(),
    answeredAt: z.iso.datetime(),
    clinicianName: z.string(),
  }),
  /**
   * To the requesting PCP: nobody answered within the program's target, so
   * the handoff became a scheduled referral with the next opening.
   */
  'handoff:fell_back': z.object({
    handoffId: z.uuid(),
    consultId: z.uuid(),
    episodeId: z.uuid(),
    scheduledFor: z.iso.datetime().nullable(),
  }),
  /** To the referring PCP: an episode's report (or an addendum) was signed. */
  'episode:report_delivered': z.object({
    episodeId: z.uuid(),
    reportId: z.uuid(),
    addendumId: z.uuid().nullable(),
    signedAt: z.iso.datetime(),
  }),
} as const;
