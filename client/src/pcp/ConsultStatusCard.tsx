import {
  CALLABLE,
  callbackMethodOf,
  consultsApi,
  type Consult,
} from '../api/consults-api';
import { patientName } from '../api/patients-api';
import { Link, navigate } from '../shell/router';
import { Button } from '../ui/Button';
import { minutesLabel, clockTime, humanize } from '../ui/format';
import { ErrorNotice } from '../ui/Notice';
import { CrisisGuidance } from './CrisisGuidance';
import { StatusBadge } from '../ui/StatusBadge';
import { useAction } from '../ui/use-async';

const WAITING: readonly string[] = ['requested', 'triage', 'queued', 'offered'];

/** What the PCP most needs to know right now, in one sentence. */
function headline(c: Consult): string {
  const who = c.assignedPsychiatristName ?? 'A psychiatrist';
  // While waiting, the server's sentence carries place in line, wait and "nobody on duty".
  if (WAITING.includes(c.status) && c.statusMessage) return c.statusMessage;
  switch (c.status) {
    case 'triage':
      return 'A coordinator is reviewing your request.';
    case 'requested':
    case 'queued':
      return 'Your request is in line for the next available psychiatrist.';
    case 'offered':
      return 'A psychiatrist is being asked to take your request now.';
    case 'accepted':
      return callbackMethodOf(c) === 'phone'
        ? `${who} accepted and will call you by phone.`
        : `${who} accepted. Join the call now.`;
    case 'in_call':
      return `You are in the call with ${who}.`;
    case 'wrap_up':
      return `${who} is writing the report.`;
    case 'pooled':
      return 'Your written question is waiting for a psychiatrist to take it.';
    case 'claimed':
      return `${who} is working on your written question.`;
    case 'awaiting_pcp':
      return `${who} asked you a question: answer below to continue.`;
    case 'completed':
      return c.consultType === 'econsult'
        ? 'The written reply is ready below.'
        : 'The consult is complete.';
    case 'cancelled':
      return 'This request was cancelled.';
    case 'expired':
      return 'No psychiatrist could take this request in time. A coordinator will contact you.';
    default:
      return humanize(c.status);
  }
}

export function ConsultStatusCard({
  consult: c,
  compact,
}: {
  consult: Consult;
  compact?: boolean;
}) {
  const cancel = useAction(() => consultsApi.cancel(c.id));
  const waiting = WAITING.includes(c.status);
  const canJoin =
    CALLABLE.includes(c.status) && callbackMethodOf(c) === 'video';
  return (
    <article
      className="panel consult-card"
      aria-label={`Consult for ${c.patient ? patientName(c.patient) : 'patient'}`}
    >
      <header className="panel-head">
        <h3>{c.patient ? patientName(c.patient) : 'Consult request'}</h3>
        <StatusBadge status={c.status} />
      </header>
      <p className="consult-headline" role="status" aria-live="polite">
        {headline(c)}
      </p>
      {c.emergency ? <CrisisGuidance text={c.crisisGuidance} /> : null}
      {waiting ? (
        <div className="stat-row">
          <div className="stat">
            <span className="label">Position in line</span>
            <span className="value" data-testid="position">
              {c.position ?? '–'}
            </span>
          </div>
          <div className="stat">
            <span className="label">Estimated wait</span>
            <span className="value" data-testid="estimated-wait">
              {c.noPsychiatristOnDuty || c.noEligiblePsychiatrist
                ? 'No one free'
                : minutesLabel(c.estimatedWaitMinutes)}
            </span>
          </div>
          <div className="stat">
            <span className="label">Program target</span>
            <span className="value">{minutesLabel(c.targetMinutes ?? 30)}</span>
          </div>
        </div>
      ) : null}
      {!compact ? (
        <dl className="facts">
          <dt>Requested</dt>
          <dd>{clockTime(c.createdAt)}</dd>
          <dt>Urgency</dt>
          <dd>{humanize(c.urgency)}</dd>
          <dt>Reasons</dt>
          <dd>{c.reasonCategories?.map(humanize).join(', ') || '–'}</dd>
          <dt>{c.consultType === 'econsult' ? 'Answer' : 'Callback'}</dt>
          <dd>
            {c.consultType === 'econsult'
              ? 'Written reply, no call'
              : callbackMethodOf(c) === 'phone'
                ? 'Phone'
                : 'Video in this app'}
          </dd>
        </dl>
      ) : null}
      <ErrorNotice error={cancel.error} />
      <div className="button-row">
        {canJoin ? (
          <Button
            variant="accept"
            size="large"
            onClick={() => navigate(`/consults/${c.id}/call`)}
          >
            Join call
          </Button>
        ) : null}
        {compact ? <Link to={`/consults/${c.id}`}>Open consult</Link> : null}
        {waiting ? (
          <Button
            variant="quiet"
            busy={cancel.busy}
            busyLabel="Cancelling…"
            onClick={() => void cancel.run()}
          >
            Cancel request
          </Button>
        ) : null}
      </div>
    </article>
  );
}
