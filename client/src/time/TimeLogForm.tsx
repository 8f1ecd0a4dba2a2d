import { useState, type FormEvent } from 'react';
import { Button } from '../ui/Button';
import { SelectField, TextField } from '../ui/Field';
import { ErrorNotice, Notice } from '../ui/Notice';
import { useAction } from '../ui/use-async';
import { ACTIVITY_LABELS } from './time-words';

/** One manual time entry, the shape POST .../time takes. */
export interface TimeEntryDraft {
  activity: string;
  startedAt: string;
  minutes: number;
}

export interface TimeSuggestion {
  activity: string;
  minutes: number;
  /** Why this number, in a sentence: "from 9 minutes of work in the report editor". */
  why: string;
}

/**
 * Log work off the call: an activity and its minutes, ending now. Reusable:
 * the caller says which activities and where the entry goes (`save`), and may
 * offer a suggestion the clinician confirms (it is never logged by itself).
 */
export function TimeLogForm({
  activities,
  save,
  suggestion,
  onSaved,
}: {
  activities: readonly string[];
  save(entry: TimeEntryDraft): Promise<unknown>;
  suggestion?: TimeSuggestion | null;
  onSaved?(): void;
}) {
  const [activity, setActivity] = useState<string>(activities[0] ?? '');
  const [minutes, setMinutes] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | undefined>();
  const log = useAction(async (a: string, m: number) => {
    const startedAt = new Date(Date.now() - m * 60_000).toISOString();
    await save({ activity: a, startedAt, minutes: m });
    setMinutes('');
    setDone(`Logged ${m} min of ${ACTIVITY_LABELS[a]?.toLowerCase() ?? a}.`);
    onSaved?.();
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const m = Number(minutes);
    if (!Number.isInteger(m) || m < 1 || m > 600) {
      setProblem('Give the minutes as a whole number from 1 to 600.');
      return;
    }
    setProblem(undefined);
    setDone(null);
    void log.run(activity, m);
  };
  return (
    <form onSubmit={onSubmit} aria-label="Log time" noValidate>
      {suggestion && suggestion.minutes > 0 ? (
        <div className="time-suggestion">
          <p>
            Suggested: {suggestion.minutes} min of{' '}
            {ACTIVITY_LABELS[suggestion.activity]?.toLowerCase() ??
              suggestion.activity}
            , {suggestion.why}.
          </p>
          <Button
            variant="secondary"
            busy={log.busy}
            busyLabel="Logging…"
            onClick={() => {
              setDone(null);
              void log.run(suggestion.activity, suggestion.minutes);
            }}
          >
            Confirm {suggestion.minutes} min
          </Button>
        </div>
      ) : null}
      <div className="time-log-fields">
        <SelectField
          label="Activity"
          value={activity}
          onChange={(e) => setActivity(e.target.value)}
          options={activities.map((a) => ({
            value: a,
            label: ACTIVITY_LABELS[a] ?? a,
          }))}
        />
        <TextField
          label="Minutes"
          inputMode="numeric"
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          error={problem}
          hint="Ending now"
        />
      </div>
      <ErrorNotice error={log.error} />
      {done ? (
        <Notice tone="success" live>
          {done}
        </Notice>
      ) : null}
      <Button type="submit" busy={log.busy} busyLabel="Logging…">
        Log time
      </Button>
    </form>
  );
}
