import { useState, type FormEvent } from 'react';
import { adminApi, type Practice, type PracticeInput } from '../api/admin-api';
import { Button } from '../ui/Button';
import { Checkbox, TextField } from '../ui/Field';
import { dateOnly } from '../ui/format';
import { ErrorNotice } from '../ui/Notice';
import { Empty, Panel } from '../ui/Panel';
import { SaveFooter } from '../ui/SaveFooter';
import { StatusBadge } from '../ui/StatusBadge';
import { TableFrame } from '../ui/TableFrame';
import { useAction, useAsync } from '../ui/use-async';
import { fieldError, localToday } from './admin-form';

const blank = (): PracticeInput => ({
  name: '',
  address: '',
  state: '',
  rural: false,
  ruralBasis: '',
  enrolledOn: localToday(),
  withdrawnOn: null,
});

/** Enrolled practices: enrol one, change one, record a withdrawal. */
export function PracticesPage() {
  const list = useAsync(() => adminApi.practices(), []);
  const [draft, setDraft] = useState<PracticeInput>(blank);
  const [editing, setEditing] = useState<Practice | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const save = useAction(async (p: PracticeInput) => {
    const saved = editing
      ? await adminApi.updatePractice(editing.id, p)
      : await adminApi.enrolPractice(p);
    setDone(editing ? `${saved.name} saved.` : `${saved.name} is enrolled.`);
    setEditing(null);
    setDraft(blank());
    list.reload();
  });
  const set =
    (k: 'name' | 'address' | 'state' | 'ruralBasis' | 'enrolledOn') =>
    (e: { target: { value: string } }) =>
      setDraft({
        ...draft,
        [k]: k === 'state' ? e.target.value.toUpperCase() : e.target.value,
      });
  const edit = (p: Practice) => {
    const { id: _id, ...input } = p;
    setEditing(p);
    setDraft(input);
    setDone(null);
    save.clear();
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    void save.run(draft);
  };
  const err = (f: string) => fieldError(save.error, f);
  return (
    <>
      <h1>Practices</h1>
      <Panel title={editing ? `Change ${editing.name}` : 'Enrol a practice'}>
        <form
          onSubmit={onSubmit}
          aria-label={editing ? 'Change a practice' : 'Enrol a practice'}
        >
          <div className="form-row">
            <TextField
              label="Practice name"
              required
              value={draft.name}
              onChange={set('name')}
              error={err('name')}
            />
            <TextField
              label="State"
              required
              maxLength={2}
              value={draft.state}
              onChange={set('state')}
              hint="Two letters, such as MA"
              error={err('state')}
            />
          </div>
          <TextField
            label="Address"
            value={draft.address}
            onChange={set('address')}
            error={err('address')}
          />
          <Checkbox
            label="Rural practice"
            checked={draft.rural}
            onChange={(rural) => setDraft({ ...draft, rural })}
          />
          <TextField
            label="Basis of the rural flag"
            value={draft.ruralBasis}
            onChange={set('ruralBasis')}
            hint="Such as the RUCA code of the practice's census tract: RUCA 7.2"
            error={err('ruralBasis')}
          />
          <div className="form-row">
            <TextField
              label="Enrolled on"
              type="date"
              required
              value={draft.enrolledOn}
              onChange={set('enrolledOn')}
              error={err('enrolledOn')}
            />
            <TextField
              label="Withdrawn on"
              type="date"
              value={draft.withdrawnOn ?? ''}
              onChange={(e) =>
                setDraft({ ...draft, withdrawnOn: e.target.value || null })
              }
              hint="Leave empty while enrolled; the last day it takes part"
              error={err('withdrawnOn')}
            />
          </div>
          <SaveFooter
            save={save}
            saved={done}
            after={
              editing ? (
                <Button
                  onClick={() => {
                    setEditing(null);
                    setDraft(blank());
                    save.clear();
                  }}
                >
                  Cancel
                </Button>
              ) : null
            }
          >
            {editing ? 'Save practice' : 'Enrol practice'}
          </SaveFooter>
        </form>
      </Panel>
      <Panel title="Enrolled practices">
        <ErrorNotice error={list.error} />
        {!list.data ? (
          <p className="loading">Loading practices…</p>
        ) : !list.data.length ? (
          <Empty>No practices yet.</Empty>
        ) : (
          <TableFrame
            caption="Practices"
            columns={['Practice', 'State', 'Rural', 'Enrolled', 'Status', '']}
          >
            {list.data.map((p) => (
              <tr key={p.id}>
                <td>
                  <strong>{p.name}</strong>
                  {p.address ? <div className="muted">{p.address}</div> : null}
                </td>
                <td>{p.state}</td>
                <td>
                  {p.rural
                    ? `Yes${p.ruralBasis ? ` (${p.ruralBasis})` : ''}`
                    : 'No'}
                </td>
                <td>{dateOnly(p.enrolledOn)}</td>
                <td>
                  {p.withdrawnOn ? (
                    <StatusBadge
                      status="away"
                      label={`Withdrawn ${dateOnly(p.withdrawnOn)}`}
                    />
                  ) : (
                    <StatusBadge status="ready" label="Enrolled" />
                  )}
                </td>
                <td>
                  <Button
                    variant="quiet"
                    onClick={() => edit(p)}
                    aria-label={`Change ${p.name}`}
                  >
                    Change
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
