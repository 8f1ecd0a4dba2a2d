import { useEffect, useState } from 'react';
import { billingApi } from '../api/billing-api';
import { BillingLinesTable } from '../biller/BillingLinesTable';
import { useUser } from '../shell/session-context';
import { loggedMinutes } from '../time/logged-minutes';
import { LOGGABLE } from '../time/time-words';
import { TimePanel } from '../time/TimePanel';
import { ErrorNotice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { useAsync } from '../ui/use-async';

/**
 * Consult time counted from the call ledger and manual entries, the form to
 * log work off the call (with report-writing minutes suggested from the
 * editor), and what it bills as: the lines and reasons the biller sees.
 * `refreshKey` changes when something that moves billing happened (signing).
 */
export function TimeAndBilling({
  consultId,
  editorMinutes,
  refreshKey = 0,
}: {
  consultId: string;
  /** Suggested report-writing minutes for logged minutes already on file. */
  editorMinutes?: (loggedMinutes: number) => number;
  refreshKey?: number;
}) {
  const user = useUser();
  const time = useAsync(() => billingApi.timeSummary(consultId), [consultId]);
  const lines = useAsync(() => billingApi.forConsult(consultId), [consultId]);
  const { reload: reloadTime } = time;
  const { reload: reloadLines } = lines;
  // Lines are recomputed just after a signature or a time entry commits:
  // read them now and once more a moment later.
  const [refreshes, setRefreshes] = useState(0);
  useEffect(() => {
    if (!refreshKey && !refreshes) return;
    const reloadBoth = () => {
      reloadTime();
      reloadLines();
    };
    reloadBoth();
    const again = setTimeout(reloadBoth, 1500);
    return () => clearTimeout(again);
  }, [refreshKey, refreshes, reloadTime, reloadLines]);

  const logged = time.data
    ? loggedMinutes(time.data.entries, user.id, 'report_writing')
    : 0;
  const suggested = editorMinutes && time.data ? editorMinutes(logged) : 0;
  return (
    <div>
      <TimePanel
        consultId={consultId}
        time={time}
        me={user.id}
        activities={LOGGABLE.psychiatrist}
        suggestion={
          suggested > 0
            ? {
                activity: 'report_writing',
                minutes: suggested,
                why: 'from your time working in the report editor',
              }
            : null
        }
        onLogged={() => setRefreshes((n) => n + 1)}
      />
      <Panel
        title="Billing"
        level={3}
        actions={
          <button
            type="button"
            className="btn btn-quiet"
            onClick={() => {
              reloadTime();
              reloadLines();
            }}
          >
            Refresh
          </button>
        }
      >
        <ErrorNotice error={lines.error} />
        {lines.data ? (
          <BillingLinesTable
            lines={lines.data}
            caption="Billing lines for this consult"
            compact
          />
        ) : null}
      </Panel>
    </div>
  );
}
