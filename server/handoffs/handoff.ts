/**
 * A warm handoff: the PCP, with the patient in the room, asks a behavioral
 * health clinician to join now. It rides on a consult of type `warm_handoff`
 * (the queue rings it on the behavioral health line; the call engine runs
 * its call); this row keeps the moments the program measures.
 */
export interface WarmHandoff {
  id: string;
  consultId: string;
  programId: string;
  practiceId: string;
  patientId: string;
  requestedBy: string;
  requestedAt: Date;
  dueAt: Date;
  answeredAt: Date | null;
  answeredBy: string | null;
  joinedAt: Date | null;
  endedAt: Date | null;
  fellBackAt: Date | null;
  alertId: string | null;
}

export type HandoffState =
  | 'ringing'
  | 'answered'
  | 'in_call'
  | 'ended'
  | 'fell_back';

/** Where a handoff stands, read from its moments. */
export function handoffState(h: WarmHandoff): HandoffState {
  if (h.fellBackAt) return 'fell_back';
  if (h.endedAt) return 'ended';
  if (h.joinedAt) return 'in_call';
  if (h.answeredAt) return 'answered';
  return 'ringing';
}

/** Seconds from request to answer; null while unanswered. */
export function secondsToAnswer(h: WarmHandoff): number | null {
  return h.answeredAt
    ? Math.round((h.answeredAt.getTime() - h.requestedAt.getTime()) / 1000)
    : null;
}

export function handoffJson(h: WarmHandoff, episodeId: string | null) {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: h.id,
    consultId: h.consultId,
    patientId: h.patientId,
    requestedBy: h.requestedBy,
    state: handoffState(h),
    requestedAt: h.requestedAt.toISOString(),
    dueAt: h.dueAt.toISOString(),
    answeredAt: iso(h.answeredAt),
    answeredBy: h.answeredBy,
    joinedAt: iso(h.joinedAt),
    endedAt: iso(h.endedAt),
    fellBackAt: iso(h.fellBackAt),
    secondsToAnswer: secondsToAnswer(h),
    alertId: h.alertId,
    episodeId,
  };
}
