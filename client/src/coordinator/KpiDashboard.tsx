import { useState } from 'react';
import { api } from '../api/api-client';
import { kpisApi, type Breakdown, type FigureView } from '../api/kpis-api';
import { Button } from '../ui/Button';
import { TextField } from '../ui/Field';
import { ErrorNotice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { useAction, useAsync } from '../ui/use-async';

const today = () => new Date().toISOString().slice(0, 10);
const yearAgo = () =>
  new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10);

const share = (f: FigureView) =>
  f.denominator ? ` (${Math.round((f.numerator / f.denominator) * 100)}%)` : '';

/** The program's figures for a period, each drilling down to its ids. */
export function KpiDashboard() {
  const [from, setFrom] = useState(yearAgo);
  const [to, setTo] = useState(today);
  const [period, setPeriod] = useState({ from: yearAgo(), to: today() });
  const page = useAsync(
    () => kpisApi.page(period.from, period.to),
    [period.from, period.to],
  );
  const [drilled, setDrilled] = useState<{
    label: string;
    ids: string[];
  } | null>(null);
  const drill = useAction(async (figure: string, label: string) => {
    const r = await kpisApi.drill(period.from, period.to, figure);
    setDrilled({ label, ids: r.ids });
  });
  const [sha, setSha] = useState<string | null>(null);
  const file = useAction(async () => {
    const r = await kpisApi.pmhca(period.from, period.to);
    setSha(r.sha256);
    return r;
  });

  const Figure = ({
    path,
    label,
    f,
  }: {
    path: string;
    label: string;
    f: FigureView;
  }) => (
    <button
      type="button"
      className="kpi-figure"
      onClick={() => void drill.run(path, label)}
      aria-label={`${label}: ${f.numerator}${f.denominator !== null ? ` of ${f.denominator}` : ''}, show the records`}
    >
      <span className="kpi-value">{f.numerator}</span>
      {f.denominator !== null ? (
        <span className="kpi-of">
          {' '}
          of {f.denominator}
          {share(f)}
        </span>
      ) : null}
      <span className="kpi-label">{label}</span>
    </button>
  );

  const Bars = ({
    path,
    title,
    b,
  }: {
    path: string;
    title: string;
    b: Breakdown;
  }) => {
    const max = Math.max(1, ...Object.values(b).map((f) => f.numerator));
    return (
      <figure className="kpi-bars" aria-label={title}>
        <figcaption>{title}</figcaption>
        {Object.entries(b).map(([k, f]) => (
          <button
            type="button"
            key={k}
            className="kpi-bar-row"
            onClick={() => void drill.run(`${path}.${k}`, `${title}: ${k}`)}
          >
            <span className="kpi-bar-label">{k.replaceAll('_', ' ')}</span>
            <span
              className="kpi-bar"
              style={{ width: `${(f.numerator / max) * 100}%` }}
            />
            <span className="kpi-bar-value">{f.numerator}</span>
          </button>
        ))}
      </figure>
    );
  };

  const k = page.data;
  return (
    <>
      <h1>Program figures</h1>
      <form
        className="button-row"
        aria-label="Period"
        onSubmit={(e) => {
          e.preventDefault();
          setDrilled(null);
          setPeriod({ from, to });
        }}
      >
        <TextField
          label="From"
          type="date"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
        />
        <TextField
          label="To"
          type="date"
          value={to}
          onChange={(e) => setTo(e.target.value)}
        />
        <Button type="submit">Show</Button>
        <Button
          variant="secondary"
          busy={file.busy}
          busyLabel="Making…"
          onClick={() =>
            void file
              .run()
              .then((r) =>
                r
                  ? api.download(
                      `/api/program/reports/${r.id}`,
                      undefined,
                      `pmhca-${period.from}-${period.to}.csv`,
                    )
                  : undefined,
              )
          }
        >
          HRSA PMHCA CSV
        </Button>
      </form>
      <ErrorNotice error={page.error ?? drill.error ?? file.error} />
      {sha ? <p className="muted">PMHCA file SHA-256: {sha}</p> : null}
      {!k ? (
        <p className="loading">Loading the figures…</p>
      ) : (
        <div className="grid-2-1">
          <div>
            <Panel title={`Callback (target ${k.callback.targetMinutes} min)`}>
              <div className="kpi-row">
                <Figure
                  path="callback.withinTarget"
                  label="Within target"
                  f={k.callback.withinTarget}
                />
                <Figure
                  path="callback.measured"
                  label="Called back"
                  f={k.callback.measured}
                />
                <p className="kpi-figure">
                  <span className="kpi-value">
                    {k.callback.medianMinutes ?? '–'}
                  </span>
                  <span className="kpi-label">median minutes</span>
                </p>
                <p className="kpi-figure">
                  <span className="kpi-value">
                    {k.callback.p90Minutes ?? '–'}
                  </span>
                  <span className="kpi-label">90th percentile</span>
                </p>
              </div>
            </Panel>
            <Panel title="Consults">
              <div className="kpi-row">
                <Figure
                  path="consults.total"
                  label="Consults"
                  f={k.consults.total}
                />
                <Figure
                  path="consults.expired"
                  label="Expired"
                  f={k.consults.expired}
                />
                <Figure
                  path="consults.cancelled"
                  label="Cancelled"
                  f={k.consults.cancelled}
                />
              </div>
              <Bars
                path="consults.byType"
                title="By type"
                b={k.consults.byType}
              />
              <Bars
                path="consults.byReason"
                title="By reason"
                b={k.consults.byReason}
              />
              <Bars
                path="consults.byUrgency"
                title="By urgency"
                b={k.consults.byUrgency}
              />
              <Bars
                path="consults.byDisposition"
                title="By disposition"
                b={k.consults.byDisposition}
              />
            </Panel>
            <Panel title="Patients served">
              <div className="kpi-row">
                <Figure
                  path="patients.served"
                  label="Patients"
                  f={k.patients.served}
                />
                <Figure
                  path="patients.rural"
                  label="Rural"
                  f={k.patients.rural}
                />
                <Figure
                  path="patients.interpreterUsed"
                  label="Interpreter"
                  f={k.patients.interpreterUsed}
                />
              </div>
              <Bars
                path="patients.byAgeBand"
                title="By age"
                b={k.patients.byAgeBand}
              />
              <Bars
                path="patients.byLanguage"
                title="By language"
                b={k.patients.byLanguage}
              />
            </Panel>
          </div>
          <div>
            {drilled ? (
              <Panel title={`Records: ${drilled.label}`}>
                {drilled.ids.length ? (
                  <ul className="kpi-ids">
                    {drilled.ids.map((id) => (
                      <li key={id}>
                        {/^[0-9a-f-]{36}$/.test(id) ? (
                          <a href={`/consults/${id}`}>{id}</a>
                        ) : (
                          id
                        )}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="muted">No records.</p>
                )}
              </Panel>
            ) : null}
            <Panel title="Reach">
              <div className="kpi-row">
                <Figure
                  path="reach.practicesServed"
                  label="Practices served"
                  f={k.reach.practicesServed}
                />
                <Figure
                  path="reach.providersServed"
                  label="Providers served"
                  f={k.reach.providersServed}
                />
              </div>
            </Panel>
            <Panel title="Trainings">
              <div className="kpi-row">
                <Figure
                  path="trainings.sessions"
                  label="Sessions"
                  f={k.trainings.sessions}
                />
                <Figure
                  path="trainings.attendees"
                  label="Providers trained"
                  f={k.trainings.attendees}
                />
              </div>
              <p className="muted">
                {k.trainings.minutes} minutes, {k.trainings.cmeCredits} CME
                credits.
              </p>
            </Panel>
            <Panel title="From other modules">
              <ul>
                {k.sections.map((s) => (
                  <li key={s.key}>
                    {s.title}:{' '}
                    {s.status === 'not_collected_yet'
                      ? 'not collected yet'
                      : 'collected'}
                  </li>
                ))}
              </ul>
            </Panel>
          </div>
        </div>
      )}
    </>
  );
}
