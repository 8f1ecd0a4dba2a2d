import type { Specialty } from '../org/users';
import type { Availability } from '../../signaling/protocol/statuses';

/**
 * The queue's vocabulary, after Twilio TaskRouter: a request waiting in the
 * line is an entry (task), a psychiatrist is a worker with an availability
 * (activity), and ringing one worker for one entry is an offer (reservation).
 */
export {
  AVAILABILITIES,
  type Availability,
} from '../../signaling/protocol/statuses';

/** Line order bands: emergencies first, then urgent, then routine. */
export const BANDS = { emergency: 0, urgent: 1, routine: 2 } as const;
export type Band = (typeof BANDS)[keyof typeof BANDS];

/**
 * Each line rings its own workers: psychiatry consults ring psychiatrists,
 * warm handoffs ring behavioral health clinicians (server/handoffs).
 */
export type QueueLineName = 'psychiatry' | 'behavioral_health';

export interface QueueEntry {
  consultId: string;
  line: QueueLineName;
  programId: string;
  /** The PCP who asked: they get the live status. */
  requestedBy: string;
  band: Band;
  /** Returned after the psychiatrist vanished: ahead of everyone in its band. */
  frontOfLine: boolean;
  /** When the PCP asked; the line is ordered by it within a band. */
  waitingSinceMs: number;
  /** When it reached the psychiatrist line; escalation counts from here. */
  queuedAtMs: number;
  specialty: Specialty;
  patientState: string;
  language: string;
  /** Workers who declined or missed it: not rung again for it until the pool widens. */
  excluded: string[];
  /** What the ringing psychiatrist sees before accepting (no names, no free text). */
  summary: OfferSummary;
}

export interface OfferSummary {
  consultType: string;
  contactMode: string;
  urgency: string;
  emergency: boolean;
  reasonCategories: string[];
  patientAgeYears: number;
}

/** What the store keeps about a psychiatrist; rebuilt from psychiatrist_availability. */
export interface WorkerState {
  userId: string;
  programId: string;
  displayName: string;
  /** The line this worker answers: from their role. */
  line: QueueLineName;
  availability: Availability;
  /**
   * When PostgreSQL recorded that availability. The store keeps the newest:
   * a rebuild that read PostgreSQL just before a change must not undo it.
   */
  availabilitySinceMs: number;
  /** Longest idle is offered first. */
  idleSinceMs: number;
  specialties: Specialty[];
  licensedStates: string[];
  /**
   * State -> first instant the license is no longer valid (local midnight
   * after its expiry date). A state missing here has no recorded expiry.
   */
  licenseEndsMs?: Readonly<Record<string, number>>;
  languages: string[];
}

/** A worker as seen in a snapshot: with its live connection state. */
export interface Worker extends WorkerState {
  connected: boolean;
  /** When the last connection was seen (for the disconnect grace period); null while connected. */
  lastSeenMs: number | null;
}

export interface LiveOffer {
  offerId: string;
  consultId: string;
  workerId: string;
  programId: string;
  offeredAtMs: number;
  expiresAtMs: number;
  escalationLevel: number;
}

export interface QueueSnapshot {
  /** In line order. */
  entries: QueueEntry[];
  workers: Worker[];
  offers: LiveOffer[];
}

/** The entries and workers eligibility is counted over (read-only). */
export interface DutyRoster {
  entries: readonly Readonly<QueueEntry>[];
  workers: readonly Readonly<WorkerState>[];
}

/** Psychiatrists counted for the wait estimate: connected and available, and connected and available or in a consult. */
export interface DutyCounts {
  available: number;
  onDuty: number;
}

/** What status pushes need of the line: its entries and their offers, without the psychiatrists. */
export interface LineView {
  /** In line order. */
  entries: QueueEntry[];
  offers: LiveOffer[];
}

/** The line with head counts of psychiatrists instead of every one of them. */
export interface StatusLine extends LineView {
  duty: DutyCounts;
}

export type ReserveResult =
  | 'ok'
  | 'gone'
  | 'consult_busy'
  | 'worker_busy'
  | 'worker_unavailable'
  | 'worker_disconnected'
  | 'excluded';
