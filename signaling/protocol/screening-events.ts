import { z } from 'zod';

/**
 * Server -> client events of the safety loop (ids only: the client fetches
 * the alert over REST, so nothing about the patient rides on a push).
 */
const alertRef = z.object({ alertId: z.uuid(), patientId: z.uuid() });

export const screeningEvents = {
  /** A positive safety item opened an alert: to the ordering clinician and
   * the program's coordinators. */
  'screening:alert-opened': alertRef,
  /** Still unacknowledged after the program's time: to coordinators,
   * admins and the ordering clinician. */
  'screening:alert-escalated': alertRef,
  /** Someone acknowledged it: every banner showing it clears. */
  'screening:alert-acknowledged': alertRef,
} as const;
