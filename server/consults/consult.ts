import type { Principal } from '../auth/roles';
import type { Specialty } from '../../signaling/protocol/identities';
import type {
  ConsultType,
  ReasonCategory,
  Screening,
  Urgency,
} from '../../signaling/protocol/rest/consults';
import type { ConsultStatus } from '../../signaling/protocol/statuses';

// The request's wire shape and the status names live in the wire contract.
export {
  CONSULT_TYPES,
  CONTACT_MODES,
  REASON_CATEGORIES,
  URGENCIES,
  callbackSchema,
  consultRequestSchema,
  type ConsultRequest,
  type ConsultType,
  type ReasonCategory,
  type Urgency,
} from '../../signaling/protocol/rest/consults';
export {
  CONSULT_STATUSES,
  type ConsultStatus,
} from '../../signaling/protocol/statuses';

/** Shown to the PCP whenever a request is flagged as an emergency. */
export const CRISIS_GUIDANCE =
  'This service is not a crisis line. If the patient is in immediate danger, call 911 now. ' +
  'For a mental health crisis, call or text 988 (Suicide & Crisis Lifeline). ' +
  'Your request has been placed at the top of the line and a coordinator has been alerted.';

/** Still waiting for a psychiatrist: in the live line. */
export const WAITING_STATUSES = [
  'queued',
  'offered',
] as const satisfies readonly ConsultStatus[];

export interface Consult {
  id: string;
  programId: string;
  practiceId: string;
  patientId: string;
  requestedBy: string;
  assignedPsychiatristId: string | null;
  status: ConsultStatus;
  consultType: ConsultType;
  contactMode: 'video' | 'phone';
  reasonCategories: ReasonCategory[];
  clinicalQuestion: string;
  urgency: Urgency;
  urgencyReason: 'requested' | 'screening_item9_positive';
  emergency: boolean;
  specialty: Specialty;
  language: string;
  callbackMethod: 'video' | 'phone';
  callbackPhone: string | null;
  /** Typed PHQ items of requests made before assessments were stored. */
  screening: Screening | null;
  /** The assessment attached to the request. */
  assessmentId: string | null;
  queuedAt: Date | null;
  frontOfLine: boolean;
  escalationLevel: number;
  slaBreachedAt: Date | null;
  acceptedAt: Date | null;
  callStartedAt: Date | null;
  completedAt: Date | null;
  resolution: { resources: string[]; note?: string } | null;
  /** eConsult: the psychiatrist the PCP asked for, who alone may claim it. */
  namedPsychiatristId: string | null;
  /** eConsult reply clock: seconds paused waiting on the PCP, and since when now. */
  replyPausedSeconds: number;
  awaitingPcpSince: Date | null;
  /** eConsult: when coordinators were told the reply target passed (once). */
  replyOverdueAt: Date | null;
  /** The eConsult this consult was converted from, keeping its history. */
  convertedFrom: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The coded outcome a consult completes with (server/program-ops/outcome-codes). */
export interface ConsultOutcome {
  disposition: string;
  diagnosisCategories: readonly string[];
}

/** Who moved a consult: a signed-in user or the queue itself. */
export interface Actor {
  userId: string | null;
  role: string;
}
export const SYSTEM_ACTOR: Actor = { userId: null, role: 'system' };

/** The signed-in user who moves a consult, as its log records them. */
export const actorOf = (p: Pick<Principal, 'userId' | 'role'>): Actor => ({
  userId: p.userId,
  role: p.role,
});
