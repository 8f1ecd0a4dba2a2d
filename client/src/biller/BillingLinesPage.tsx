import { useState } from 'react';
import { billingApi, lineStatus } from '../api/billing-api';
import { Button } from '../ui/Button';
import { SelectField, TextField } from '../ui/Field';
import { ErrorNotice, Notice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { useAction, useAsync } from '../ui/use-async';
import { BillingLinesTable } from './BillingLinesTable';
import { monthOf } from './period';

const STATUSES = [
  { value: '', label: 'All statuses' },
  { value: 'ready', label: 'Ready' },
  { value: 'held', label: 'Held' },
  { value: 'blocked', label: 'Blocked' },
  { value: 'exported', label: 'Exported' },
];

export function BillingLinesPage() {
  const [period, setPeriod] = useState(() => monthOf());
  const [status, setStatus] = useState('');
  const [exported, setExported] = useState<string | null>(null);
  const [empty, setEmpty] = useState<string | null>(null);
  const lines = useAsync(
    () => billingApi.lines({ period, status: status || undefined }),
    [period, status],
  );
  const done =
    (what: string) =>
    (e: { lineCount: number; reused: boolean } | undefined) => {
      if (!e) return;
      // An empty export is not a success: say there was nothing to send.
      if (e.lineCount === 0) {
        setEmpty(
          `${what}: no ready lines in ${period}, so there was nothing to export.`,
        );
        setExported(null);
        return;
      }
      setEmpty(null);
      setExported(
        `${what}: ${e.lineCount} ready line${e.lineCount === 1 ? '' : 's'}${e.reused ? ' (unchanged since the last export, same file)' : ''}.`,
      );
      lines.reload();
    };
  const csv = useAction(() =>
    billingApi.exportCsv(period).then(done('CSV export')),
  );
  const fhir = useAction(() =>
    billingApi.exportFhir(period).then(done('FHIR R4 export')),
  );
  const counts = (lines.data ?? []).reduce<Record<string, number>>(
    (acc, l) => ({ ...acc, [lineStatus(l)]: (acc[lineStatus(l)] ?? 0) + 1 }),
    {},
  );
  return (
    <>
      <h1>Billing</h1>
      <Panel title="Period">
        <div className="form-row">
          <TextField
            label="Month"
            type="month"
            value={period}
            onChange={(e) => e.target.value && setPeriod(e.target.value)}
          />
          <SelectField
            label="Status"
            value={status}
            onChange={(e) => setStatus(e.target.value)}
            options={STATUSES}
          />
        </div>
        <div className="stat-row" aria-label="Lines by status">
          {['ready', 'held', 'blocked', 'exported'].map((s) => (
            <div className="stat" key={s}>
              <span className="label">
                {s.charAt(0).toUpperCase() + s.slice(1)}
              </span>
              <span className="value">{counts[s] ?? 0}</span>
            </div>
          ))}
        </div>
        <ErrorNotice error={csv.error ?? fhir.error} />
        {exported ? (
          <Notice tone="success" live>
            {exported}
          </Notice>
        ) : null}
        {empty ? (
          <Notice tone="warning" live>
            {empty}
          </Notice>
        ) : null}
        <div className="button-row">
          <Button
            variant="primary"
            busy={csv.busy}
            busyLabel="Preparing CSV…"
            onClick={() => void csv.run()}
          >
            Export period as CSV
          </Button>
          <Button
            busy={fhir.busy}
            busyLabel="Preparing FHIR…"
            onClick={() => void fhir.run()}
          >
            Export period as FHIR R4
          </Button>
          <Button variant="quiet" onClick={lines.reload}>
            Refresh
          </Button>
        </div>
      </Panel>
      <Panel title="Billing lines">
        <ErrorNotice error={lines.error} />
        {lines.data ? (
          <BillingLinesTable
            lines={lines.data}
            caption="Billing lines for the period"
          />
        ) : lines.loading ? (
          <p className="loading">Loading…</p>
        ) : null}
      </Panel>
    </>
  );
}
