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
import { navigate } from '../shell/router';
import { episodesApi } from '../api/episodes-api';

const timeOf = (iso: string) =>
  new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * Open safety alerts, above every screen of a clinician or coordinator until
 * someone acknowledges them. Reloaded on every alert push and on reconnect
 * (a push missed while offline is caught by the reload).
 */
export function SafetyAlertBanner({
  canRequestConsult,
}: {
  /**
   * The PCP's one-click urgent consult, or warm handoff to behavioral
   * health, with the assessment attached.
   */
  canRequestConsult: boolean;
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
          canRequestConsult={canRequestConsult}
        />
      ))}
    </section>
  );
}

function AlertRow({
  alert,
  onDone,
  canRequestConsult,
}: {
  alert: SafetyAlert;
  onDone: () => void;
  canRequestConsult: boolean;
}) {
  const [action, setAction] = useState<SafetyAction>('safety_plan');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = `alert-${alert.id}`;
  const act = async (run: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await run();
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    void act(() =>
      screeningApi.acknowledge(alert.id, {
        action,
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    );
  };
  const requestConsult = () =>
    act(async () => {
      const { consultId } = await screeningApi.urgentConsult(alert.id);
      navigate(`/consults/${consultId}`);
    });
  // The patient is in the room: a behavioral health clinician joins now.
  const requestHandoff = () =>
    act(async () => {
      const h = await episodesApi.requestHandoff(alert.patientId, alert.id);
      navigate(`/handoffs/${h.consultId}`);
    });
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
      {canRequestConsult ? (
        // One click, and the alert is acknowledged with what was done.
        <div className="safety-alert-ack">
          <Button variant="primary" busy={busy} onClick={requestConsult}>
            Request urgent consult
          </Button>
          <Button variant="primary" busy={busy} onClick={requestHandoff}>
            Warm handoff now
          </Button>
          <span>(behavioral health joins you and the patient by video)</span>
        </div>
      ) : null}
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
      </form>
      <ErrorNotice error={error} />
    </div>
  );
}
