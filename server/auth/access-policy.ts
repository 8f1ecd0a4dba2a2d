import type { Principal, Role } from './roles';

/**
 * Who may reach which rows, as data (Medplum-style access policy): for each
 * kind of resource, the scope each role has within its own program. One
 * function, `decide`, reads this table; nothing else decides tenancy. The
 * care reader (server/care) and the services that act without a request
 * (sockets) enforce it through `enforce` in access-gate.ts.
 */
export type Scope =
  /** Any row of the caller's program. */
  | 'program'
  /** Rows of the caller's practice. */
  | 'practice'
  /** Consults offered (live or past) or assigned to the caller. */
  | 'offered_or_assigned'
  /** Patients with a consult offered or assigned to the caller. */
  | 'linked_by_consult'
  /** As `linked_by_consult`, or a behavioral health episode the caller
   * holds (or held) for the patient. */
  | 'linked_by_consult_or_episode'
  /** Consults the caller requested. */
  | 'requesting'
  /** Consults assigned to the caller. */
  | 'assigned'
  /** Patients whose registry care team names the caller. */
  | 'care_team'
  /** Nothing. */
  | 'none';

export const ACCESS_POLICY = {
  /** Reading a consult and what hangs off it (time, billing, report). */
  consult: {
    pcp: 'practice',
    psychiatrist: 'offered_or_assigned',
    coordinator: 'program',
    admin: 'program',
    biller: 'program',
    bh_clinician: 'offered_or_assigned',
    care_manager: 'none',
  },
  /** Reading or recording a patient's chart (consents, care time, facts). */
  patient: {
    pcp: 'practice',
    psychiatrist: 'linked_by_consult',
    coordinator: 'program',
    admin: 'program',
    biller: 'program',
    bh_clinician: 'linked_by_consult',
    // Care-manager time and facts on the practice's patients.
    care_manager: 'practice',
  },
  /** Running a consult's virtual visit: create, invite, admit, remove. */
  visit: {
    pcp: 'requesting',
    psychiatrist: 'assigned',
    coordinator: 'none',
    admin: 'none',
    biller: 'none',
    bh_clinician: 'assigned',
    // Their own video contacts only (the consults they requested).
    care_manager: 'requesting',
  },
  /** Reading a call's details and ledger. */
  call: {
    pcp: 'requesting',
    psychiatrist: 'assigned',
    coordinator: 'program',
    admin: 'program',
    biller: 'program',
    bh_clinician: 'assigned',
    care_manager: 'none',
  },
  /** Being in a call (media, TURN credentials, ending it). */
  call_media: {
    pcp: 'requesting',
    psychiatrist: 'assigned',
    coordinator: 'none',
    admin: 'none',
    biller: 'none',
    bh_clinician: 'assigned',
    // The calls of their own video contacts.
    care_manager: 'requesting',
  },
  /** Writing, signing and amending a consult's report. */
  report_authoring: {
    pcp: 'none',
    psychiatrist: 'assigned',
    coordinator: 'none',
    admin: 'none',
    biller: 'none',
    bh_clinician: 'assigned',
    care_manager: 'none',
  },
  /** Logging one's own time on a consult. */
  consult_time: {
    pcp: 'requesting',
    psychiatrist: 'assigned',
    coordinator: 'none',
    admin: 'none',
    biller: 'none',
    bh_clinician: 'assigned',
    care_manager: 'none',
  },
  /**
   * A patient's collaborative-care registry row, contacts and reviews: the
   * patient's care team (treating PCP, care manager, psychiatric consultant)
   * and the program's coordinators (issue #16).
   */
  registry: {
    pcp: 'care_team',
    psychiatrist: 'care_team',
    coordinator: 'program',
    admin: 'none',
    biller: 'none',
    care_manager: 'care_team',
    bh_clinician: 'none',
  },
  /** Reading a behavioral health episode, its sessions and report. */
  episode: {
    pcp: 'practice',
    psychiatrist: 'none',
    coordinator: 'program',
    admin: 'program',
    biller: 'program',
    bh_clinician: 'assigned',
    care_manager: 'none',
  },
  /** Holding an episode's sessions, writing its report, closing it. */
  episode_care: {
    pcp: 'none',
    psychiatrist: 'none',
    coordinator: 'none',
    admin: 'none',
    biller: 'none',
    bh_clinician: 'assigned',
    care_manager: 'none',
  },
  /** Screening assessments and safety alerts: the patient's care team
   * (their practice, a psychiatrist with a consult) and program coordinators. */
  screening: {
    pcp: 'practice',
    psychiatrist: 'linked_by_consult',
    coordinator: 'program',
    admin: 'none',
    biller: 'none',
    // The BH clinician follows the scores of the patients they treat.
    bh_clinician: 'linked_by_consult_or_episode',
    // The care manager gives the follow-up PHQ-9s of the practice's patients.
    care_manager: 'practice',
  },
  /** Writing in an eConsult's clarification thread: its two clinicians. */
  econsult_thread: {
    pcp: 'requesting',
    psychiatrist: 'assigned',
    coordinator: 'none',
    admin: 'none',
    biller: 'none',
    bh_clinician: 'none',
    care_manager: 'none',
  },
} as const satisfies Record<string, Record<Role, Scope>>;

export type Resource = keyof typeof ACCESS_POLICY;

/** Why a request was refused: one code per reason, one sentence each. */
export type RefusalReason =
  | 'other_program'
  | 'other_practice'
  | 'not_offered_or_assigned'
  | 'no_consult_with_patient'
  | 'not_requesting_pcp'
  | 'not_assigned'
  | 'not_a_consult_clinician'
  | 'not_on_care_team'
  | 'not_treating_patient';

export type Decision =
  | { allowed: true }
  | { allowed: false; reason: RefusalReason };

/** What the policy looks at; each scope reads only its own fields. */
export interface CareFacts {
  programId: string;
  practiceId?: string;
  requestedBy?: string;
  assignedPsychiatristId?: string | null;
  /** Psychiatrists who were offered the consult (any offer, live or past). */
  offeredTo?: readonly string[];
  /** The psychiatrist asking has (or had) a consult for this patient. */
  psychiatristLinked?: boolean;
  /** The registry care team: treating PCP, care manager, consultant. */
  careTeam?: readonly string[];
  /** The clinician asking holds (or held) a BH episode for this patient. */
  episodeLinked?: boolean;
}

/** The facts of a patient, for `decide('patient', ...)`. */
export interface PatientAccessFacts extends CareFacts {
  practiceId: string;
}

/** The facts of a consult, for `decide('consult' | 'visit' | ..., ...)`. */
export interface ConsultAccessFacts extends CareFacts {
  practiceId: string;
  requestedBy: string;
  assignedPsychiatristId: string | null;
  offeredTo: readonly string[];
}

const SCOPE_TEST: Record<
  Scope,
  [(p: Principal, f: CareFacts) => boolean, RefusalReason | null]
> = {
  program: [() => true, null],
  practice: [(p, f) => f.practiceId === p.practiceId, 'other_practice'],
  offered_or_assigned: [
    (p, f) =>
      f.assignedPsychiatristId === p.userId ||
      (f.offeredTo ?? []).includes(p.userId),
    'not_offered_or_assigned',
  ],
  linked_by_consult: [
    (_p, f) => f.psychiatristLinked === true,
    'no_consult_with_patient',
  ],
  linked_by_consult_or_episode: [
    (_p, f) => f.psychiatristLinked === true || f.episodeLinked === true,
    'not_treating_patient',
  ],
  requesting: [(p, f) => f.requestedBy === p.userId, 'not_requesting_pcp'],
  assigned: [(p, f) => f.assignedPsychiatristId === p.userId, 'not_assigned'],
  care_team: [
    (p, f) => (f.careTeam ?? []).includes(p.userId),
    'not_on_care_team',
  ],
  none: [() => false, 'not_a_consult_clinician'],
};

/** The one tenancy decision: the program first, then the role's scope. */
export function decide(
  resource: Resource,
  p: Principal,
  facts: CareFacts,
): Decision {
  if (facts.programId !== p.programId)
    return { allowed: false, reason: 'other_program' };
  const [test, reason] = SCOPE_TEST[ACCESS_POLICY[resource][p.role]];
  return test(p, facts) || !reason
    ? { allowed: true }
    : { allowed: false, reason };
}
