import { z } from 'zod';

/**
 * The state names of every lifecycle that crosses the wire, written once.
 * The server's state machines (which moves are allowed) are built over these
 * lists; REST replies, socket pushes and the web client read the same ones.
 */

/** A consult request, from intake to a closed outcome. */
export const CONSULT_STATUSES = [
  'requested',
  'triage',
  'queued',
  'offered',
  'accepted',
  'in_call',
  'wrap_up',
  'completed',
  'cancelled',
  'expired',
  // Written eConsults (server/econsults): waiting for a claim, claimed,
  // waiting on the PCP's answer to a clarification (reply clock paused).
  'pooled',
  'claimed',
  'awaiting_pcp',
] as const;
export type ConsultStatus = (typeof CONSULT_STATUSES)[number];
export const consultStatusSchema = z.enum(CONSULT_STATUSES);

/** A psychiatrist's activity in the queue. `busy` is set by the queue itself. */
export const AVAILABILITIES = ['available', 'busy', 'away', 'offline'] as const;
export type Availability = (typeof AVAILABILITIES)[number];
export const availabilitySchema = z.enum(AVAILABILITIES);

/** A virtual visit. Ending or cancelling it closes every link at once. */
export const VISIT_STATUSES = [
  'scheduled',
  'in_progress',
  'ended',
  'cancelled',
] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];
export const visitStatusSchema = z.enum(VISIT_STATUSES);

/** One invitee's path through a visit's waiting room. */
export const VISIT_PARTICIPANT_STATES = [
  'invited',
  'checking_in',
  'waiting',
  'admitted',
  'removed',
] as const;
export type VisitParticipantState = (typeof VISIT_PARTICIPANT_STATES)[number];

/** A written consult report: a draft until signed, then locked. */
export const REPORT_STATUSES = ['draft', 'signed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
