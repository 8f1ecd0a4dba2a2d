import { useState, type FormEvent } from 'react';
import { adminApi, type Shift } from '../api/admin-api';
import { Button } from '../ui/Button';
import { SelectField, TextField } from '../ui/Field';
import { dateOnly } from '../ui/format';
import { ErrorNotice } from '../ui/Notice';
import { Empty, Panel } from '../ui/Panel';
import { SaveFooter } from '../ui/SaveFooter';
import { TableFrame } from '../ui/TableFrame';
import { useAction, useAsync } from '../ui/use-async';
import { addLocalDays, fieldError, localToday } from './admin-form';

const DAYS_SHOWN = 14;

/** The on-call roster: psychiatrist shifts, two weeks at a time. */
export function RosterPage() {
  const [from, setFrom] = useState(() => localToday());
  const to = addLocalDays(from, DAYS_SHOWN - 1);
  const roster = useAsync(() => adminApi.roster(from, to), [from, to]);
  const users = useAsync(() => adminApi.users(), []);
  const psychiatrists = (users.data ?? []).filter(
    (u) => u.role === 'psychiatrist' && u.active,
  );
  const [f, setF] = useState({
    psychiatristId: '',
    date: from,
    start: '09:00',
    end: '17:00',
  });
  const [done, setDone] = useState<string | null>(null);
  const add = useAction(async () => {
    const s = await adminApi.addShift(f);
    setDone(
      `${s.psychiatristName} is on call ${dateOnly(s.date)}, ${s.start} to ${s.end}.`,
    );
    roster.reload();
  });
  const remove = useAction(async (s: Shift) => {
    await adminApi.removeShift(s.id);
    setDone(
      `The ${dateOnly(s.date)} shift of ${s.psychiatristName} is removed.`,
    );
    roster.reload();
  });
  const tz = roster.data?.timeZone ?? '';
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    void add.run();
  };
  const err = (k: string) => fieldError(add.error, k);
  return (
    <>
      <h1>On-call roster</h1>
      <p className="muted">
        The roster is the program's plan of who should answer. Consults are
        offered to psychiatrists who are signed in and available, on the roster
        or not.
      </p>
      <Panel title="Add a shift">
        <form onSubmit={onSubmit} aria-label="Add a shift">
          <div className="form-row">
            <SelectField
              label="Psychiatrist"
              required
              value={f.psychiatristId}
              onChange={set('psychiatristId')}
              error={err('psychiatristId')}
              options={[
                { value: '', label: 'Choose…' },
                ...psychiatrists.map((u) => ({
                  value: u.id,
                  label: u.displayName,
                })),
              ]}
            />
            <TextField
              label="Date"
              type="date"
              required
              value={f.date}
              onChange={set('date')}
              error={err('date')}
            />
            <TextField
              label="Starts"
              type="time"
              required
              value={f.start}
              onChange={set('start')}
              error={err('start')}
            />
            <TextField
              label="Ends"
              type="time"
              required
              value={f.end}
              onChange={set('end')}
              error={err('end')}
            />
          </div>
          <p className="hint">
            Times in the program's time zone{tz ? `, ${tz}` : ''}. An end at or
            before the start is on the next day (an overnight shift).
          </p>
          <SaveFooter
            save={{ busy: add.busy, error: add.error ?? remove.error }}
            saved={done}
            busyLabel="Adding…"
          >
            Add shift
          </SaveFooter>
        </form>
      </Panel>
      <Panel
        title={`Shifts ${dateOnly(from)} to ${dateOnly(to)}`}
        actions={
          <>
            <Button onClick={() => setFrom(addLocalDays(from, -DAYS_SHOWN))}>
              Earlier
            </Button>
            <Button onClick={() => setFrom(addLocalDays(from, DAYS_SHOWN))}>
              Later
            </Button>
          </>
        }
      >
        <ErrorNotice error={roster.error ?? users.error} />
        {!roster.data ? (
          <p className="loading">Loading the roster…</p>
        ) : !roster.data.shifts.length ? (
          <Empty>Nobody is on call in these two weeks.</Empty>
        ) : (
          <TableFrame
            caption="On-call shifts"
            columns={['Date', 'Psychiatrist', 'Starts', 'Ends', '']}
          >
            {roster.data.shifts.map((s) => (
              <tr key={s.id}>
                <td>{dateOnly(s.date)}</td>
                <td>{s.psychiatristName}</td>
                <td>{s.start}</td>
                <td>
                  {s.end}
                  {s.end <= s.start ? ' (next day)' : ''}
                </td>
                <td>
                  <Button
                    variant="quiet"
                    busy={remove.busy}
                    onClick={() => void remove.run(s)}
                    aria-label={`Remove the ${dateOnly(s.date)} shift of ${s.psychiatristName}`}
                  >
                    Remove
                  </Button>
                </td>
              </tr>
            ))}
          </TableFrame>
        )}
      </Panel>
    </>
  );
}
