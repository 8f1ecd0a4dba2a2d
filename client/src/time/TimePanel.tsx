import { billingApi, type TimeSummary } from '../api/billing-api';
import { Panel } from '../ui/Panel';
import { ErrorNotice } from '../ui/Notice';
import type { AsyncState } from '../ui/use-async';
import { TimeLogForm, type TimeSuggestion } from './TimeLogForm';
import { timeSentence } from './time-words';

/**
 * A consult's counted time, the same words everywhere (consult page, call
 * pane), and the form to log one's own work off the call. The caller owns
 * the loaded summary so it can refresh it (after signing, after a call).
 */
export function TimePanel({
  consultId,
  time,
  me,
  activities,
  suggestion,
  onLogged,
  title = 'Time',
}: {
  consultId: string;
  time: AsyncState<TimeSummary>;
  me: string;
  activities: readonly string[];
  suggestion?: TimeSuggestion | null;
  onLogged?(): void;
  title?: string;
}) {
  const t = time.data;
  const rows = t
    ? [
        t.consultant && {
          who: t.consultant.clinicianId === me ? 'Your time' : 'Psychiatrist',
          m: t.consultant,
        },
        t.requesting && {
          who:
            t.requesting.clinicianId === me
              ? 'Your time'
              : 'Requesting clinician',
          m: t.requesting,
        },
      ].filter((r) => !!r)
    : [];
  return (
    <Panel title={title} level={3}>
      <ErrorNotice error={time.error} />
      {t ? (
        <dl className="facts time-facts">
          {rows.map((r) => (
            <div key={r.who} className="facts-row">
              <dt>{r.who}</dt>
              <dd
                data-testid={`time-${r.who.toLowerCase().replace(/\W+/g, '-')}`}
              >
                {timeSentence(r.m)}
              </dd>
            </div>
          ))}
          {!rows.length ? (
            <div className="facts-row">
              <dt>Counted</dt>
              <dd>No time yet.</dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      <TimeLogForm
        activities={activities}
        suggestion={suggestion}
        save={(e) => billingApi.logTime(consultId, e)}
        onSaved={() => {
          time.reload();
          onLogged?.();
        }}
      />
    </Panel>
  );
}
