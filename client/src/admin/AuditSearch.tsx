import { TableFrame } from '../ui/TableFrame';
import { useState, type FormEvent } from 'react';
import { auditApi, type AuditFilter, type AuditRow } from '../api/audit-api';
import { Button } from '../ui/Button';
import { SelectField, TextField } from '../ui/Field';
import { dateTime } from '../ui/format';
import { ErrorNotice } from '../ui/Notice';
import { Empty, Panel } from '../ui/Panel';
import { StatusBadge } from '../ui/StatusBadge';
import { useAction } from '../ui/use-async';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A record id as an id filter, anything else as part of a name. */
function whoFilter(
  text: string,
  id: 'patientId' | 'userId',
  name: 'patientName' | 'userName',
): Partial<AuditFilter> {
  const t = text.trim();
  if (!t) return {};
  return UUID.test(t) ? { [id]: t } : { [name]: t };
}

/** A datetime-local value as an ISO instant the API accepts. */
const toIso = (local: string) =>
  local ? new Date(local).toISOString() : undefined;

export function AuditSearch() {
  const [f, setF] = useState({
    patient: '',
    user: '',
    action: '',
    outcome: '',
    from: '',
    to: '',
  });
  const [rows, setRows] = useState<AuditRow[] | null>(null);
  const filter = (): AuditFilter => ({
    ...whoFilter(f.patient, 'patientId', 'patientName'),
    ...whoFilter(f.user, 'userId', 'userName'),
    action: f.action.trim() || undefined,
    outcome: (f.outcome as AuditFilter['outcome']) || undefined,
    from: toIso(f.from),
    to: toIso(f.to),
    limit: 500,
  });
  const search = useAction(async () =>
    setRows(await auditApi.search(filter())),
  );
  const exportCsv = useAction(() =>
    auditApi.exportCsv({ ...filter(), limit: 10_000 }),
  );
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void search.run();
  };
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  return (
    <>
      <h1>Audit log</h1>
      <Panel title="Search">
        <form onSubmit={onSubmit} aria-label="Search the audit log">
          <div className="form-row">
            <TextField
              label="Patient"
              value={f.patient}
              onChange={set('patient')}
              hint="Part of the name, such as Maya Riv (or the record id)"
            />
            <TextField
              label="User"
              value={f.user}
              onChange={set('user')}
              hint="Part of the name or email (or the user id)"
            />
            <TextField
              label="Action"
              value={f.action}
              onChange={set('action')}
              hint="Such as patient.read"
            />
            <SelectField
              label="Outcome"
              value={f.outcome}
              onChange={set('outcome')}
              options={[
                { value: '', label: 'Any' },
                { value: 'allowed', label: 'Allowed' },
                { value: 'denied', label: 'Denied' },
              ]}
            />
            <TextField
              label="From"
              type="datetime-local"
              value={f.from}
              onChange={set('from')}
            />
            <TextField
              label="To"
              type="datetime-local"
              value={f.to}
              onChange={set('to')}
            />
          </div>
          <ErrorNotice error={search.error ?? exportCsv.error} />
          <div className="button-row">
            <Button
              type="submit"
              variant="primary"
              busy={search.busy}
              busyLabel="Searching…"
            >
              Search
            </Button>
            <Button
              busy={exportCsv.busy}
              busyLabel="Preparing file…"
              onClick={() => void exportCsv.run()}
            >
              Export CSV
            </Button>
          </div>
        </form>
      </Panel>
      <Panel title={rows ? `Results (${rows.length})` : 'Results'}>
        {!rows ? (
          <Empty>Search to see entries, newest first.</Empty>
        ) : !rows.length ? (
          <Empty>No entries match.</Empty>
        ) : (
          <TableFrame
            caption="Audit entries"
            columns={[
              'When',
              'Who',
              'Action',
              'Patient',
              'Resource',
              'Outcome',
            ]}
          >
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{dateTime(r.at)}</td>
                <td>
                  {r.userName
                    ? `${r.userName}${r.role ? ` · ${r.role}` : ''}`
                    : r.role
                      ? `${r.role} ${r.userId?.slice(0, 8) ?? ''}`
                      : (r.actorLabel ?? 'system')}
                </td>
                <td>
                  <code>{r.action}</code>
                </td>
                <td>
                  {r.patientName ??
                    (r.patientId ? (
                      <code>{r.patientId.slice(0, 8)}</code>
                    ) : (
                      '–'
                    ))}
                </td>
                <td>{r.resourceType ?? '–'}</td>
                <td>
                  <StatusBadge
                    status={r.outcome === 'denied' ? 'blocked' : 'ready'}
                    label={r.outcome === 'denied' ? 'Denied' : 'Allowed'}
                  />
                </td>
              </tr>
            ))}
          </TableFrame>
        )}
      </Panel>
    </>
  );
}
