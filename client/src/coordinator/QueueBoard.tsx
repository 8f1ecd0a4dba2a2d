import { TableFrame } from '../ui/TableFrame';
import { useCallback, useRef, useState } from 'react';
import {
  queueApi,
  type Escalation,
  type QueueBoard as Board,
} from '../api/queue-api';
import { useLiveEvent, useOnConnect } from '../live/live-context';
import { Button } from '../ui/Button';
import { clockTime, humanize, minutesLabel } from '../ui/format';
import { ErrorNotice } from '../ui/Notice';
import { Empty, Panel } from '../ui/Panel';
import { StatusBadge } from '../ui/StatusBadge';
import { useAsync, useNow } from '../ui/use-async';
import { useCoalesced } from '../ui/use-coalesced';
import { TriageActions } from './TriageActions';
import { waitLevel } from './wait-level';

const LEVEL_WORDS = {
  on_track: 'On track',
  near: 'Near target',
  breached: 'Past target',
} as const;

/** Minutes waited now: the server's figure at snapshot time, advanced by the time since (not the browser's idea of "now"). */
function useWaited(board: Board | undefined) {
  const now = useNow(5000);
  const [loadedAt, setLoadedAt] = useState(() => Date.now());
  const [seen, setSeen] = useState<Board | undefined>(undefined);
  if (board !== seen) {
    setSeen(board);
    setLoadedAt(Date.now());
  }
  return (snapshotMinutes: number) =>
    snapshotMinutes + Math.max(0, now - loadedAt) / 60000;
}

function WaitCell({ minutes, target }: { minutes: number; target: number }) {
  const level = waitLevel(minutes, target);
  return (
    <td>
      <strong>{minutesLabel(minutes)}</strong> of {target} min
      <div>
        <StatusBadge status={level} label={LEVEL_WORDS[level]} />
      </div>
    </td>
  );
}

export function QueueBoard() {
  const board = useAsync(() => queueApi.board(), []);
  // Newest first, each with its own key: an index key would rewrite every
  // row of the live log on each new one (a screen reader re-reads them).
  const [escalations, setEscalations] = useState<
    (Escalation & { key: number })[]
  >([]);
  const seen = useRef(0);
  // Any status change reloads the board (one GET is simpler than keeping two models in step), at most four times a second.
  const reload = useCoalesced(board.reload, 250);
  const waited = useWaited(board.data);
  useOnConnect(useCallback(() => reload(), [reload]));
  useLiveEvent('queue:changed', () => reload());
  const alert = (e: Escalation) => {
    const key = ++seen.current;
    setEscalations((list) => [{ ...e, key }, ...list].slice(0, 50));
    reload();
  };
  const at = () => new Date().toISOString();
  useLiveEvent('queue:escalated', (e) =>
    alert({
      consultId: e.consultId,
      kind: 'escalation',
      level: e.level,
      at: at(),
      message: `Nobody accepted in ${minutesLabel(e.waitedMinutes)}: the pool was widened${e.relaxed.length ? ` to any ${e.relaxed.join(' and ')}` : ''} (step ${e.level}).`,
    }),
  );
  useLiveEvent('queue:sla-breached', (e) =>
    alert({
      consultId: e.consultId,
      kind: 'sla_breach',
      at: at(),
      message: `A request has waited ${minutesLabel(e.waitedMinutes)}, past the ${e.targetMinutes}-minute target.`,
    }),
  );
  useLiveEvent('queue:emergency', (e) =>
    alert({
      consultId: e.consultId,
      kind: 'emergency',
      at: at(),
      message: 'Emergency request received: it is at the top of the line.',
    }),
  );

  const data = board.data;
  const target = data?.targetMinutes ?? 30;
  return (
    <>
      <h1>Live queue</h1>
      <ErrorNotice error={board.error} />
      {data ? (
        <div className="stat-row" aria-label="Queue at a glance">
          <div className="stat">
            <span className="label">Waiting</span>
            <span className="value">{data.requests.length}</span>
          </div>
          <div className="stat">
            <span className="label">In triage</span>
            <span className="value">{data.triage.length}</span>
          </div>
          <div className="stat">
            <span className="label">Ringing now</span>
            <span className="value">{data.offersInFlight}</span>
          </div>
          <div className="stat">
            <span className="label">Psychiatrists available</span>
            <span className="value">
              {data.onDuty.available} of {data.onDuty.onDuty}
            </span>
          </div>
          <div className="stat">
            <span className="label">Target</span>
            <span className="value">{target} min</span>
          </div>
        </div>
      ) : null}
      <div className="grid-2-1">
        <div>
          {data?.triageEnabled || data?.triage.length ? (
            <Panel title={`Triage (${data.triage.length})`}>
              {!data.triage.length ? (
                <Empty>No requests need intake.</Empty>
              ) : (
                <TableFrame
                  caption="Requests waiting for coordinator intake"
                  columns={['Request', 'Waiting', 'Actions']}
                >
                  {data.triage.map((t) => {
                    const w = waited(t.waitedMinutes);
                    return (
                      <tr
                        key={t.consultId}
                        className={`row-${waitLevel(w, target)}`}
                        data-wait-level={waitLevel(w, target)}
                      >
                        <td>
                          {humanize(t.consultType)}{' '}
                          {t.emergency ? (
                            <StatusBadge status="emergency" />
                          ) : (
                            <StatusBadge status={t.urgency} />
                          )}
                          <div className="muted">
                            {t.reasonCategories.map(humanize).join(', ')}
                          </div>
                        </td>
                        <WaitCell minutes={w} target={target} />
                        <td>
                          <TriageActions
                            consultId={t.consultId}
                            onDone={reload}
                          />
                        </td>
                      </tr>
                    );
                  })}
                </TableFrame>
              )}
            </Panel>
          ) : null}
          <Panel
            title={`Requests in line (${data?.requests.length ?? 0})`}
            actions={
              <Button variant="quiet" onClick={reload}>
                Refresh
              </Button>
            }
          >
            {!data ? (
              board.loading ? (
                <p className="loading">Loading…</p>
              ) : null
            ) : !data.requests.length ? (
              <Empty>No requests are waiting.</Empty>
            ) : (
              <TableFrame
                caption={`Requests waiting for a psychiatrist, in line order. Target: ${target} minutes.`}
                columns={['#', 'Need', 'Status', 'Waiting']}
              >
                {data.requests.map((r) => {
                  const w = waited(r.waitedMinutes);
                  const level = waitLevel(w, target);
                  return (
                    <tr
                      key={r.consultId}
                      className={`row-${level}`}
                      data-wait-level={level}
                    >
                      <td>{r.position}</td>
                      <td>
                        {humanize(r.consultType)} · {humanize(r.specialty)} ·{' '}
                        {r.language.toUpperCase()} · {r.patientState}
                        <div>
                          {r.emergency ? (
                            <StatusBadge status="emergency" />
                          ) : (
                            <StatusBadge status={r.urgency} />
                          )}
                        </div>
                      </td>
                      <td>
                        <StatusBadge status={r.status} />
                        {r.offer ? (
                          <div className="muted">
                            Ringing{' '}
                            {r.offer.psychiatristName ?? 'a psychiatrist'}
                          </div>
                        ) : null}
                        {r.escalationLevel ? (
                          <div className="muted">
                            Escalation step {r.escalationLevel}
                          </div>
                        ) : null}
                        {r.triedBy.length ? (
                          <div className="muted">Tried {r.triedBy.length}</div>
                        ) : null}
                      </td>
                      <WaitCell minutes={w} target={target} />
                    </tr>
                  );
                })}
              </TableFrame>
            )}
          </Panel>
        </div>
        <div>
          <Panel title="Psychiatrists on duty">
            {!data?.psychiatrists.length ? (
              <Empty>No psychiatrist is on duty.</Empty>
            ) : (
              <ul className="plain">
                {data.psychiatrists.map((p) => (
                  <li key={p.id}>
                    <strong>{p.displayName}</strong>{' '}
                    <StatusBadge
                      status={p.connected ? p.availability : 'offline'}
                      label={p.ringingFor ? 'Ringing' : undefined}
                    />
                    <div className="muted">
                      {p.specialties.map(humanize).join(', ')} · licensed{' '}
                      {p.licensedStates.join(', ')} ·{' '}
                      {p.languages.join(', ').toUpperCase()}
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </Panel>
          <Panel title="Escalations">
            <div
              role="log"
              aria-live="polite"
              aria-label="Escalations as they happen"
            >
              {!escalations.length ? (
                <Empty>None since you opened this screen.</Empty>
              ) : (
                <ul className="plain">
                  {escalations.map((e) => (
                    <li key={e.key} className="escalation">
                      <strong>{clockTime(e.at)}</strong> {e.message}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </Panel>
        </div>
      </div>
    </>
  );
}
