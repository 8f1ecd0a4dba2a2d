import { IllegalTransitionError } from '../errors';

import type { VisitStatus } from '../../signaling/protocol/statuses';

/** A visit's lifecycle. Ending or cancelling it closes every link and visit token at once. */
export {
  VISIT_STATUSES,
  type VisitStatus,
} from '../../signaling/protocol/statuses';

export type VisitAction = 'admit_first' | 'end' | 'cancel';

const TRANSITIONS: Record<
  VisitStatus,
  Partial<Record<VisitAction, VisitStatus>>
> = {
  scheduled: { admit_first: 'in_progress', end: 'ended', cancel: 'cancelled' },
  in_progress: { admit_first: 'in_progress', end: 'ended' },
  ended: {},
  cancelled: {},
};

export function nextVisitStatus(
  from: VisitStatus,
  action: VisitAction,
): VisitStatus {
  const to = TRANSITIONS[from][action];
  if (!to) throw new IllegalTransitionError('visit', from, action);
  return to;
}

export const isVisitLive = (s: VisitStatus) =>
  s === 'scheduled' || s === 'in_progress';
