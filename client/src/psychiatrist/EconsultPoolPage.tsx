import { ApiError } from '../api/api-error';
import { LANGUAGES } from '../api/consults-api';
import { econsultsApi, type PooledConsult } from '../api/econsults-api';
import { TextAlertsPanel } from '../econsult/TextAlertsPanel';
import { navigate } from '../shell/router';
import { Button } from '../ui/Button';
import { dateTime, humanize } from '../ui/format';
import { ErrorNotice, Notice } from '../ui/Notice';
import { Empty, Panel } from '../ui/Panel';
import { TableFrame } from '../ui/TableFrame';
import { useAction, useAsync } from '../ui/use-async';
import { useLiveEvent, useOnConnect } from '../live/live-context';
import { useCallback, useEffect, useState } from 'react';

const languageName = (code: string) =>
  LANGUAGES.find((l) => l.value === code)?.label ?? code;

/** "12-17 years · MA · Spanish": enough to choose, nothing that names the patient. */
export function poolPatient(c: PooledConsult): string {
  const p = c.poolContext;
  if (!p) return '–';
  const age = /\d$/.test(p.ageBand) ? `${p.ageBand} years` : p.ageBand;
  return `${age} · ${p.patientState} · ${languageName(p.language)}`;
}

/** One pooled question with its Claim button. */
function PoolRow({
  c,
  onFailed,
}: {
  c: PooledConsult;
  onFailed(e: unknown): void;
}) {
  const claim = useAction(() => econsultsApi.claim(c.id));
  const onClaim = async () => {
    const got = await claim.run();
    if (got) navigate(`/consults/${c.id}`);
  };
  const error = claim.error;
  // Reported by the page: a lost race removes this row from the pool.
  useEffect(() => {
    if (error) onFailed(error);
  }, [error, onFailed]);
  return (
    <tr>
      <td>{dateTime(c.createdAt)}</td>
      <td>{humanize(c.urgency)}</td>
      <td>{poolPatient(c)}</td>
      <td>{humanize(c.specialty)}</td>
      <td>{c.reasonCategories.map(humanize).join(', ')}</td>
      <td className="question-cell">{c.clinicalQuestion}</td>
      <td>
        <Button
          variant="primary"
          busy={claim.busy}
          busyLabel="Claiming…"
          onClick={() => void onClaim()}
          aria-label={`Claim the written question asked ${dateTime(c.createdAt)}`}
        >
          Claim
        </Button>
      </td>
    </tr>
  );
}

/**
 * Written questions waiting for a claim that this psychiatrist is eligible
 * for. Kept current by `econsult:pool` (ids only); one claim wins.
 */
export function EconsultPoolPage() {
  const pool = useAsync(() => econsultsApi.pool(), []);
  const reload = pool.reload;
  useLiveEvent('econsult:pool', () => reload());
  useOnConnect(useCallback(() => reload(), [reload]));
  const list = pool.data ?? [];
  const [failed, setFailed] = useState<unknown>(null);
  const onFailed = useCallback(
    (e: unknown) => {
      setFailed(e);
      reload();
    },
    [reload],
  );
  return (
    <>
      <h1>Written questions</h1>
      <Notice>
        PCPs asked these in writing (eConsults): claim one to answer it. The
        reply is your signed report, due within the program's reply target.
      </Notice>
      <Panel title={`Waiting for a psychiatrist (${list.length})`}>
        <ErrorNotice error={pool.error} />
        {failed instanceof ApiError && failed.status === 409 ? (
          <ErrorNotice>
            Another psychiatrist claimed it. The list has been refreshed.
          </ErrorNotice>
        ) : (
          <ErrorNotice error={failed} />
        )}
        {list.length ? (
          <TableFrame
            caption="Written questions, oldest first"
            columns={[
              'Asked',
              'Urgency',
              'Patient',
              'Specialty',
              'Reasons',
              'Question',
              'Claim',
            ]}
          >
            {list.map((c) => (
              <PoolRow key={c.id} c={c} onFailed={onFailed} />
            ))}
          </TableFrame>
        ) : pool.loading ? (
          <p className="loading">Loading…</p>
        ) : (
          <Empty>No written questions are waiting.</Empty>
        )}
      </Panel>
      <TextAlertsPanel />
    </>
  );
}
