import { useCallback, useEffect, useState } from 'react';
import { type EpisodeDetail, episodesApi } from '../api/episodes-api';
import { useLiveEvent } from '../live/live-context';
import { useUser } from '../shell/session-context';
import { Button } from '../ui/Button';
import { ErrorNotice, Notice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { ScreeningHistory } from '../screening/ScreeningHistory';
import { SessionForm } from './SessionForm';

/** The instruments a session may record (sessionNoteSchema), as named. */
const INSTRUMENT_NAMES: Record<string, string> = {
  phq9: 'PHQ-9',
  gad7: 'GAD-7',
  phqa: 'PHQ-A',
  epds: 'EPDS',
};

/** One episode: sessions, the report to the PCP, close or step up (BH clinician). */
export function EpisodePage({ episodeId }: { episodeId: string }) {
  const user = useUser();
  const [d, setD] = useState<EpisodeDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const load = useCallback(
    () => episodesApi.get(episodeId).then(setD, setError),
    [episodeId],
  );
  useEffect(() => {
    void load();
  }, [load]);
  // The signed report reaches the referring PCP's open page at once.
  useLiveEvent('episode:report_delivered', (p) => {
    if (p.episodeId === episodeId) void load();
  });
  const act = async (
    f: () => Promise<unknown>,
    message?: string,
  ): Promise<boolean> => {
    setError(null);
    setDone(null);
    try {
      await f();
      if (message) setDone(message);
      await load();
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };
  if (!d) return <ErrorNotice error={error} />;
  const e = d.episode;
  const mine = user.role === 'bh_clinician' && e.status === 'open';
  return (
    <>
      <Panel
        title={`Episode: ${d.sessions.length} of ${e.sessionLimit} sessions`}
      >
        <p className="episode-people">
          <strong>{d.people.patientName}</strong>, born{' '}
          {d.people.patientBirthDate} · referred by {d.people.referredByName},{' '}
          {d.people.practiceName} · with {d.people.clinicianName}
        </p>
        <p>
          {e.origin === 'warm_handoff' ? 'Warm handoff' : 'Scheduled referral'}{' '}
          · {e.status}
          {e.scheduledFor
            ? ` · first opening ${new Date(e.scheduledFor).toLocaleString()}`
            : ''}
        </p>
        <ErrorNotice error={error} />
        {done ? <Notice tone="success">{done}</Notice> : null}
        <table className="sessions">
          <thead>
            <tr>
              <th>#</th>
              <th>How</th>
              <th>Focus</th>
              <th>Risk</th>
              <th>Screening</th>
              <th>Billing</th>
            </tr>
          </thead>
          <tbody>
            {d.sessions.map((s) => (
              <tr key={s.id}>
                <td>{s.number}</td>
                <td>
                  {s.mode.replace('_', ' ')}, {s.minutes} min
                </td>
                <td>{s.focus}</td>
                <td>{s.riskLevel}</td>
                <td>
                  {s.instrument
                    ? `${INSTRUMENT_NAMES[s.instrument] ?? s.instrument} ${s.score ?? 'not scored'}`
                    : '—'}
                </td>
                <td>{s.billing.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
      {mine ? (
        <SessionForm
          full={d.sessions.length >= e.sessionLimit ? e.sessionLimit : null}
          onSave={(body) =>
            act(() => episodesApi.addSession(episodeId, body), 'Session saved.')
          }
        />
      ) : null}
      {/* A session's screening is an assessment: the chart reloads. */}
      <ScreeningHistory patientId={e.patientId} reloadKey={d.sessions.length} />
      <ReportPanel
        d={d}
        editable={mine}
        act={act}
        print={`/api/episodes/${episodeId}/report/print`}
      />
      {mine ? (
        <Panel title="Close the episode">
          <Button
            onClick={() =>
              act(
                () =>
                  episodesApi.close(episodeId, {
                    outcome: 'resolved_in_primary_care',
                  }),
                'Closed: resolved in primary care.',
              )
            }
          >
            Close: resolved in primary care
          </Button>{' '}
          <Button
            variant="primary"
            onClick={() =>
              act(
                () =>
                  episodesApi.close(episodeId, {
                    outcome: 'stepped_up_to_psychiatry',
                  }),
                'Stepped up: a psychiatry consult was requested with the episode summary.',
              )
            }
          >
            Step up to psychiatry
          </Button>
        </Panel>
      ) : null}
    </>
  );
}

function ReportPanel({
  d,
  editable,
  act,
  print,
}: {
  d: EpisodeDetail;
  editable: boolean;
  act: (f: () => Promise<unknown>, m?: string) => Promise<boolean>;
  print: string;
}) {
  const [summary, setSummary] = useState(d.report?.summary ?? '');
  const [recs, setRecs] = useState(d.report?.recommendations ?? '');
  const signed = d.report?.status === 'signed';
  const id = d.episode.id;
  return (
    <Panel title="Report to the PCP" className="episode-report">
      {signed || !editable ? (
        <>
          {d.report && (d.report.summary || d.report.recommendations) ? (
            <>
              <h3>Summary</h3>
              <p>{d.report.summary}</p>
              <h3>Recommendations</h3>
              <p>{d.report.recommendations}</p>
            </>
          ) : (
            <p>No report yet.</p>
          )}
          {signed ? (
            <p>
              Signed by {d.people.clinicianName},{' '}
              {new Date(d.report!.signedAt!).toLocaleString()} ·{' '}
              <a href={print} target="_blank" rel="noreferrer">
                Printable report
              </a>
            </p>
          ) : null}
        </>
      ) : (
        <>
          <label>
            Summary
            <textarea
              value={summary}
              onChange={(e) => setSummary(e.target.value)}
            />
          </label>
          <label>
            Recommendations
            <textarea value={recs} onChange={(e) => setRecs(e.target.value)} />
          </label>
          <Button
            onClick={() =>
              act(
                () =>
                  episodesApi.saveReport(id, {
                    summary,
                    recommendations: recs,
                  }),
                'Draft saved.',
              )
            }
          >
            Save draft
          </Button>{' '}
          <Button
            variant="primary"
            onClick={() =>
              act(async () => {
                await episodesApi.saveReport(id, {
                  summary,
                  recommendations: recs,
                });
                await episodesApi.signReport(id);
              }, 'Signed and sent to the PCP.')
            }
          >
            Sign and send
          </Button>
        </>
      )}
    </Panel>
  );
}
