import { billingApi, type ClinicianMinutes } from '../api/billing-api';
import { BillingLinesTable } from '../biller/BillingLinesTable';
import { useUser } from '../shell/session-context';
import { humanize, minutesLabel } from '../ui/format';
import { ErrorNotice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { useAsync } from '../ui/use-async';

function Breakdown({ who, t }: { who: string; t: ClinicianMinutes }) {
  const parts = Object.entries(t.byClass).filter(([, m]) => m > 0);
  return (
    <div className="stat">
      <span className="label">{who}</span>
      <span
        className="value"
        data-testid={`minutes-${who.toLowerCase().replace(/\W+/g, '-')}`}
      >
        {minutesLabel(t.minutes)}
      </span>
      {parts.length ? (
        <span className="muted">
          {parts
            .map(([k, m]) => `${humanize(k)} ${minutesLabel(m)}`)
            .join(' · ')}
        </span>
      ) : null}
    </div>
  );
}

/** Consult time counted from the call ledger and manual entries, and what it bills as. */
export function TimeAndBilling({ consultId }: { consultId: string }) {
  const user = useUser();
  const time = useAsync(() => billingApi.timeSummary(consultId), [consultId]);
  const lines = useAsync(() => billingApi.forConsult(consultId), [consultId]);
  const t = time.data;
  return (
    <Panel
      title="Time and billing"
      actions={
        <button
          type="button"
          className="btn btn-quiet"
          onClick={() => (time.reload(), lines.reload())}
        >
          Refresh
        </button>
      }
    >
      <ErrorNotice error={time.error} />
      {t ? (
        <div className="stat-row">
          {t.consultant ? (
            <Breakdown
              who={
                t.consultant.clinicianId === user.id
                  ? 'Your time'
                  : 'Psychiatrist time'
              }
              t={t.consultant}
            />
          ) : null}
          {t.requesting ? (
            <Breakdown who="Requesting clinician" t={t.requesting} />
          ) : null}
        </div>
      ) : null}
      <h3>Billing status</h3>
      <ErrorNotice error={lines.error} />
      {lines.data ? (
        <BillingLinesTable
          lines={lines.data}
          caption="Billing lines for this consult"
        />
      ) : null}
    </Panel>
  );
}
