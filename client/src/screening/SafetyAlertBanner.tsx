import { useState } from 'react';
import {
  SAFETY_ACTION_LABELS,
  SAFETY_ACTIONS,
  type SafetyAction,
  type SafetyAlert,
  screeningApi,
} from '../api/screening-api';
import { useLiveEvent, useOnConnect } from '../live/live-context';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/Notice';
import { useAsync } from '../ui/use-async';

const timeOf = (iso: string) =>
  new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * Open safety alerts, above every screen of a clinician or coordinator until
 * someone acknowledges them. Reloaded on every alert push and on reconnect
 * (a push missed while offline is caught by the reload).
 */
export function SafetyAlertBanner({
  extraActions,
}: {
  /** e.g. the PCP's one-click urgent consult. */
  extraActions?: (alert: SafetyAlert, done: () => void) => React.ReactNode;
}) {
  const alerts = useAsync(() => screeningApi.openAlerts(), []);
  const reload = () => alerts.reload();
  useLiveEvent('screening:alert-opened', reload);
  useLiveEvent('screening:alert-escalated', reload);
  useLiveEvent('screening:alert-acknowledged', reload);
  useOnConnect(reload);
  const list = alerts.data ?? [];
  if (list.length === 0) return null;
  return (
    <section
      className="safety-alerts"
      aria-label="Safety alerts"
      data-testid="safety-alerts"
    >
      {list.map((a) => (
        <AlertRow
          key={a.id}
          alert={a}
          onDone={reload}
          extra={extraActions?.(a, reload)}
        />
      ))}
    </section>
  );
}

function AlertRow({
  alert,
  onDone,
  extra,
}: {
  alert: SafetyAlert;
  onDone: () => void;
  extra?: React.ReactNode;
}) {
  const [action, setAction] = useState<SafetyAction>('safety_plan');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = `alert-${alert.id}`;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await screeningApi.acknowledge(alert.id, {
        action,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="safety-alert" role="alert" data-alert-id={alert.id}>
      <p className="safety-alert-title">
        <strong>
          Safety alert{alert.escalatedAt ? ' (escalated)' : ''}: patient{' '}
          {alert.patientInitials}
        </strong>{' '}
        opened {timeOf(alert.openedAt)}
        {alert.escalatedAt ? `, escalated ${timeOf(alert.escalatedAt)}` : ''}
      </p>
      <ul className="reasons">
        {alert.reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      <form className="safety-alert-ack" onSubmit={submit}>
        <label htmlFor={`${id}-action`}>Action taken</label>
        <select
          id={`${id}-action`}
          value={action}
          onChange={(e) => setAction(e.target.value as SafetyAction)}
        >
          {SAFETY_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {SAFETY_ACTION_LABELS[a]}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-note`}>Note</label>
        <input
          id={`${id}-note`}
          value={note}
          maxLength={500}
          onChange={(e) => setNote(e.target.value)}
        />
        <Button type="submit" variant="danger" busy={busy}>
          Acknowledge
        </Button>
        {extra}
      </form>
      <ErrorNotice error={error} />
    </div>
  );
}
