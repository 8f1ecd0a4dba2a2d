import { humanize } from './format';

/** Colour by meaning; the text always carries the meaning too (colour is never the only signal). */
const TONE: Record<
  string,
  'neutral' | 'info' | 'warning' | 'success' | 'danger'
> = {
  requested: 'info',
  triage: 'info',
  queued: 'info',
  offered: 'warning',
  ringing: 'warning',
  accepted: 'success',
  in_call: 'success',
  wrap_up: 'info',
  completed: 'neutral',
  cancelled: 'neutral',
  expired: 'danger',
  resolved: 'neutral',
  available: 'success',
  busy: 'warning',
  away: 'neutral',
  offline: 'neutral',
  ready: 'success',
  held: 'warning',
  blocked: 'danger',
  exported: 'neutral',
  draft: 'warning',
  signed: 'success',
  urgent: 'danger',
  emergency: 'danger',
  routine: 'neutral',
  on_track: 'success',
  near: 'warning',
  breached: 'danger',
  pooled: 'info',
  claimed: 'success',
  awaiting_pcp: 'warning',
};

const LABEL: Record<string, string> = {
  in_call: 'In call',
  wrap_up: 'Wrapping up',
  offered: 'Ringing a psychiatrist',
  queued: 'In line',
  triage: 'With a coordinator',
  on_track: 'On track',
  near: 'Near target',
  breached: 'Past target',
  pooled: 'Waiting for a psychiatrist',
  claimed: 'Being answered',
  awaiting_pcp: 'Waiting on the PCP',
};

export function statusLabel(status: string): string {
  return LABEL[status] ?? humanize(status);
}

export function StatusBadge({
  status,
  label,
}: {
  status: string;
  label?: string;
}) {
  return (
    <span className={`badge badge-${TONE[status] ?? 'neutral'}`}>
      {label ?? statusLabel(status)}
    </span>
  );
}
