import { useEffect, useState, type FormEvent } from 'react';
import { adminApi, type ProgramHours } from '../api/admin-api';
import {
  WEEKDAYS,
  type Weekday,
} from '../../../signaling/protocol/rest/program-hours';
import { Button } from '../ui/Button';
import { TextField } from '../ui/Field';
import { dateOnly } from '../ui/format';
import { SaveFooter } from '../ui/SaveFooter';
import { ErrorNotice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { useAction, useAsync } from '../ui/use-async';
import { inProgramZone } from './admin-form';

const DAY_NAME: Record<Weekday, string> = {
  sun: 'Sunday',
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
};
// Monday first, as a program's week is read.
const WEEK = [...WEEKDAYS.slice(1), WEEKDAYS[0]] as Weekday[];

/** Weekly hours and holidays in the program's time zone. */
export function HoursForm() {
  const loaded = useAsync(() => adminApi.hours(), []);
  const [draft, setDraft] = useState<ProgramHours | null>(null);
  const [holiday, setHoliday] = useState('');
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (loaded.data) setDraft(loaded.data.hours);
  }, [loaded.data]);
  const save = useAction(async (h: ProgramHours) => {
    setDraft(await adminApi.setHours(h));
    setSaved(true);
    loaded.reload();
  });
  if (loaded.error) return <ErrorNotice error={loaded.error} />;
  if (!draft || !loaded.data) return <p className="loading">Loading hours…</p>;
  const status = loaded.data.status;
  const change = (next: ProgramHours) => {
    setSaved(false);
    setDraft(next);
  };
  const setSpans = (d: Weekday, spans: { open: string; close: string }[]) =>
    change({ ...draft, weekly: { ...draft.weekly, [d]: spans } });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save.run(draft);
  };
  return (
    <form onSubmit={onSubmit} aria-label="Program hours">
      <Panel title="Now">
        <p>
          Times are in the program's time zone, <b>{status.timeZone}</b>.{' '}
          {!status.configured
            ? 'No weekly hours are set: the program answers around the clock.'
            : status.open
              ? 'The program is open now.'
              : `The program is closed now; it opens ${status.nextOpening ? inProgramZone(status.nextOpening, status.timeZone) : 'not within three weeks'}.`}
        </p>
      </Panel>
      <Panel title="Weekly hours">
        <p className="muted">
          A day without hours is closed. Requests outside hours are not queued:
          the PCP sees the next opening and crisis guidance and can leave a
          callback for the opening.
        </p>
        {WEEK.map((d) => {
          const spans = draft.weekly[d] ?? [];
          return (
            <fieldset className="choices admin-day" key={d}>
              <legend>{DAY_NAME[d]}</legend>
              <div>
                {!spans.length ? <p className="muted">Closed</p> : null}
                {spans.map((s, i) => (
                  <div className="form-row" key={i}>
                    <TextField
                      label="Opens"
                      aria-label={`${DAY_NAME[d]} opens`}
                      type="time"
                      required
                      value={s.open}
                      onChange={(e) =>
                        setSpans(
                          d,
                          spans.map((x, j) =>
                            j === i ? { ...x, open: e.target.value } : x,
                          ),
                        )
                      }
                    />
                    <TextField
                      label="Closes"
                      aria-label={`${DAY_NAME[d]} closes`}
                      type="time"
                      required
                      value={s.close}
                      onChange={(e) =>
                        setSpans(
                          d,
                          spans.map((x, j) =>
                            j === i ? { ...x, close: e.target.value } : x,
                          ),
                        )
                      }
                    />
                    <Button
                      variant="quiet"
                      aria-label={`Remove these ${DAY_NAME[d]} hours`}
                      onClick={() =>
                        setSpans(
                          d,
                          spans.filter((_, j) => j !== i),
                        )
                      }
                    >
                      Remove
                    </Button>
                  </div>
                ))}
                {spans.length < 4 ? (
                  <Button
                    onClick={() =>
                      setSpans(d, [...spans, { open: '09:00', close: '17:00' }])
                    }
                  >
                    Add {DAY_NAME[d]} hours
                  </Button>
                ) : null}
              </div>
            </fieldset>
          );
        })}
      </Panel>
      <Panel title="Holidays">
        {draft.holidays.length ? (
          <ul className="plain" aria-label="Holidays">
            {[...draft.holidays].sort().map((h) => (
              <li key={h}>
                {dateOnly(h)}{' '}
                <Button
                  variant="quiet"
                  onClick={() =>
                    change({
                      ...draft,
                      holidays: draft.holidays.filter((x) => x !== h),
                    })
                  }
                >
                  Remove {dateOnly(h)}
                </Button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No holidays.</p>
        )}
        <div className="form-row">
          <TextField
            label="Holiday (closed all day)"
            type="date"
            value={holiday}
            onChange={(e) => setHoliday(e.target.value)}
          />
          <Button
            disabled={!holiday}
            onClick={() => {
              if (!draft.holidays.includes(holiday))
                change({ ...draft, holidays: [...draft.holidays, holiday] });
              setHoliday('');
            }}
          >
            Add holiday
          </Button>
        </div>
      </Panel>
      <SaveFooter save={save} saved={saved ? 'Hours saved.' : null}>
        Save hours
      </SaveFooter>
    </form>
  );
}
