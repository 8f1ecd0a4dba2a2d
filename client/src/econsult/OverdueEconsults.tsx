import { useCallback } from 'react';
import { econsultsApi } from '../api/econsults-api';
import { useLiveEvent, useOnConnect } from '../live/live-context';
import { Button } from '../ui/Button';
import { dateTime } from '../ui/format';
import { ErrorNotice } from '../ui/Notice';
import { Empty, Panel } from '../ui/Panel';
import { StatusBadge } from '../ui/StatusBadge';
import { TableFrame } from '../ui/TableFrame';
import { useAsync } from '../ui/use-async';

const WAITING_ON = {
  pooled: 'A psychiatrist to claim it',
  claimed: 'The written reply',
  awaiting_pcp: "The PCP's answer (clock paused)",
} as const;

/**
 * The coordinators' list of written eConsults past their program's reply
 * target and still waiting: whom to chase (the claiming psychiatrist, or
 * the pool when nobody claimed it). The sweeper decides what is overdue;
 * its `econsult:overdue` push reloads the list.
 */
export function OverdueEconsults() {
  const list = useAsync(() => econsultsApi.overdue(), []);
  const reload = list.reload;
  useLiveEvent('econsult:overdue', () => reload());
  useOnConnect(useCallback(() => reload(), [reload]));
  const data = list.data;
  return (
    <Panel
      title={
        data
          ? `Overdue eConsults (${data.consults.length})`
          : 'Overdue eConsults'
      }
      actions={<Button onClick={() => reload()}>Refresh</Button>}
    >
      <ErrorNotice error={list.error} />
      {data ? (
        <p className="muted">
          Written eConsults still waiting past the reply target of{' '}
          {data.targetHours} h (business hours where the program set them).
        </p>
      ) : null}
      {!data ? (
        <p className="loading">Loading…</p>
      ) : data.consults.length === 0 ? (
        <Empty>No eConsult is past its reply target.</Empty>
      ) : (
        <TableFrame
          caption="eConsults past their reply target"
          columns={[
            'Practice and PCP',
            'Waiting on',
            'Psychiatrist',
            'Filed',
            'Overdue since',
          ]}
        >
          {data.consults.map((c) => (
            <tr key={c.consultId} data-consult-id={c.consultId}>
              <td>
                <strong>{c.practiceName}</strong>
                <div>{c.requestedByName}</div>
              </td>
              <td>
                <StatusBadge status={c.status} label={WAITING_ON[c.status]} />
              </td>
              <td>{c.claimedByName ?? 'Not claimed'}</td>
              <td>
                {dateTime(c.queuedAt)}
                {c.hoursSinceFiled !== null ? (
                  // Server time: the browser's clock may be off.
                  <div className="muted">{c.hoursSinceFiled} h ago</div>
                ) : null}
              </td>
              <td>{dateTime(c.overdueSince)}</td>
            </tr>
          ))}
        </TableFrame>
      )}
    </Panel>
  );
}
