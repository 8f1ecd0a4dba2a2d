import type { ConsultStatusEvent } from '../../signaling/protocol/queue-events';
import { CRISIS_GUIDANCE } from '../consults/consult';
import type { QueueSettings } from '../programs/program-settings';
import type { DutyCounts, LineView, StatusLine } from './queue-types';
import { estimateWaitMinutes, type ServiceStats } from './wait-estimate';

/** What the PCP sees about their request, built from plain data. */
export interface StatusInput {
  consultId: string;
  status: ConsultStatusEvent['status'];
  emergency: boolean;
  urgency: 'routine' | 'urgent';
  createdAtMs: number;
  reason: string | null;
  assignedPsychiatrist: { id: string; displayName: string } | null;
}

const MESSAGES: Record<ConsultStatusEvent['status'], string> = {
  requested: 'Your request was received.',
  triage: 'A coordinator is reviewing your request.',
  queued: 'Your request is waiting for the next available psychiatrist.',
  offered: 'A psychiatrist is being contacted about your request.',
  accepted: 'A psychiatrist accepted your request and will call you back.',
  in_call: 'Your consult is in progress.',
  wrap_up: 'The psychiatrist is writing up the consult.',
  completed: 'The consult is complete.',
  cancelled: 'The request was cancelled.',
  expired:
    'Nobody could take your request in time. Please call the program line or submit a new request.',
  pooled:
    'Your eConsult is waiting for a psychiatrist to claim it; you will get a written reply.',
  claimed: 'A psychiatrist claimed your eConsult and is writing the reply.',
  awaiting_pcp:
    'The psychiatrist asked you a question: please answer it in the thread.',
};

/** Place in line (1-based) and queue length, or nulls when not in the line. */
export function positionIn(
  line: Pick<LineView, 'entries'>,
  consultId: string,
): { position: number | null; queueLength: number } {
  const i = line.entries.findIndex((e) => e.consultId === consultId);
  return { position: i < 0 ? null : i + 1, queueLength: line.entries.length };
}

/** `line` is needed while the request waits (position, estimate); null otherwise. */
export function buildStatus(
  i: StatusInput,
  ctx: {
    line: StatusLine | null;
    settings: QueueSettings;
    stats: ServiceStats;
    nowMs: number;
    /**
     * Psychiatrists on duty who could take this consult (eligible, not
     * declined it); null when not known (the program-wide counts are used).
     */
    eligible?: DutyCounts | null;
  },
): ConsultStatusEvent {
  const waiting = i.status === 'queued' || i.status === 'offered';
  const { position, queueLength } =
    waiting && ctx.line
      ? positionIn(ctx.line, i.consultId)
      : { position: null, queueLength: null };
  const program = ctx.line?.duty ?? { available: 0, onDuty: 0 };
  const duty = ctx.eligible
    ? {
        available: Math.min(program.available, ctx.eligible.available),
        onDuty: Math.min(program.onDuty, ctx.eligible.onDuty),
      }
    : program;
  const noneOnDuty = waiting && program.onDuty === 0;
  // Someone is on duty, but nobody who could take this one (declined, or
  // not licensed in the patient's state / no specialty or language).
  const noneEligible = waiting && !noneOnDuty && duty.onDuty === 0;
  const estimate =
    waiting && position && !noneEligible
      ? estimateWaitMinutes({
          position,
          availableNow: duty.available,
          onDuty: duty.onDuty,
          stats: ctx.stats,
        })
      : null;
  let message = MESSAGES[i.status];
  if (waiting && position) message += ` You are number ${position} in line.`;
  if (noneOnDuty)
    message +=
      ' No psychiatrist is on duty right now; a coordinator has been alerted.';
  else if (noneEligible)
    message +=
      ' No psychiatrist on duty can take it now: those who could have declined it. There is no wait estimate; it stays in line for the next one who comes free. If it cannot wait, call the program line.';
  else if (estimate !== null)
    message += ` Estimated wait: about ${estimate} minute${estimate === 1 ? '' : 's'}.`;
  return {
    consultId: i.consultId,
    status: i.status,
    position,
    queueLength,
    estimatedWaitMinutes: estimate,
    targetMinutes: ctx.settings.targetMinutes,
    waitedMinutes: Math.max(
      0,
      Math.round(((ctx.nowMs - i.createdAtMs) / 60_000) * 10) / 10,
    ),
    noPsychiatristOnDuty: noneOnDuty,
    noEligiblePsychiatrist: noneEligible,
    emergency: i.emergency,
    urgency: i.urgency,
    assignedPsychiatrist: i.assignedPsychiatrist,
    crisisGuidance: i.emergency ? CRISIS_GUIDANCE : null,
    reason: i.reason,
    message,
  };
}
