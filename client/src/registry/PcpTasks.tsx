import { registryApi } from '../api/registry-api';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/Notice';
import { Empty, Panel } from '../ui/Panel';
import { TableFrame } from '../ui/TableFrame';
import { dateTime, humanize } from '../ui/format';
import { useAction, useAsync } from '../ui/use-async';

/** The PCP's tasks: the consultant's recommendations, to accept or decline. */
export function PcpTasks() {
  const tasks = useAsync(() => registryApi.tasks(), []);
  const decide = useAction(
    async (id: string, decision: 'accepted' | 'declined') => {
      await registryApi.decide(id, decision);
      tasks.reload();
    },
  );
  const list = tasks.data?.tasks ?? [];
  return (
    <Panel title="Tasks from psychiatric case review">
      <ErrorNotice error={tasks.error ?? decide.error} />
      {tasks.data && list.length === 0 ? <Empty>No tasks.</Empty> : null}
      {list.length ? (
        <TableFrame
          caption="Tasks"
          columns={[
            'Patient',
            'Recommendation',
            'Note',
            'Consultant',
            'Reviewed',
            'Decision',
          ]}
        >
          {list.map((t) => (
            <tr key={t.id}>
              <td>{t.patientName}</td>
              <td>{humanize(t.recommendation)}</td>
              <td>{t.note}</td>
              <td>{t.consultantName}</td>
              <td>{dateTime(t.reviewedAt)}</td>
              <td>
                {t.taskStatus === 'pending' ? (
                  <span className="button-row">
                    <Button
                      variant="accept"
                      disabled={decide.busy}
                      onClick={() => void decide.run(t.id, 'accepted')}
                    >
                      Accept
                    </Button>
                    <Button
                      variant="secondary"
                      disabled={decide.busy}
                      onClick={() => void decide.run(t.id, 'declined')}
                    >
                      Decline
                    </Button>
                  </span>
                ) : (
                  humanize(t.taskStatus)
                )}
              </td>
            </tr>
          ))}
        </TableFrame>
      ) : null}
    </Panel>
  );
}
