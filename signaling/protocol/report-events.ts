import { z } from 'zod';

/** Server -> client events about written consult reports (ids only: the client fetches the report over REST). */
export const reportEvents = {
  /** A consult report (or an addendum to it) was signed and delivered to the requesting clinician. */
  'report:delivered': z.object({
    consultId: z.uuid(),
    reportId: z.uuid(),
    /** Set when what was delivered is an addendum to an already signed report. */
    addendumId: z.uuid().nullable(),
    signedAt: z.iso.datetime(),
  }),
} as const;
export type ReportDelivered = z.infer<
  (typeof reportEvents)['report:delivered']
>;
