import { ApiError } from '../api/api-error';
import { screeningApi } from '../api/screening-api';
import { assessmentLabel } from '../pcp/AssessmentAttachmentField';
import { ErrorNotice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { useAsync } from '../ui/use-async';
import { ScreeningChart } from './ScreeningChart';

/**
 * A patient's screening history: one chart per instrument answered, then
 * every assessment as a line. Shown wherever the patient's care team looks
 * at the patient (PCP screening page, registry patient, BH episode,
 * psychiatric consult); whether the caller may read it is the server's
 * access policy (`screening` row), so a refusal simply hides the panel.
 */
export function ScreeningHistory({
  patientId,
  reloadKey = 0,
}: {
  patientId: string;
  /** Bumped by the parent after it stores an assessment. */
  reloadKey?: number;
}) {
  const instruments = useAsync(() => screeningApi.instruments(), []);
  const history = useAsync(
    () => screeningApi.assessments(patientId),
    [patientId, reloadKey],
  );
  const refused = [instruments.error, history.error].some(
    (e) => e instanceof ApiError && e.status === 403,
  );
  if (refused) return null;
  const all = history.data ?? [];
  const used = (instruments.data ?? []).filter((i) =>
    all.some((a) => a.instrument === i.id),
  );
  return (
    <Panel title="Screening history" className="screening-history">
      <ErrorNotice error={history.error ?? instruments.error} />
      {history.loading && !history.data ? (
        <p className="loading">Loading screenings…</p>
      ) : used.length === 0 ? (
        <p className="muted">No screenings yet.</p>
      ) : (
        used.map((i) => (
          <ScreeningChart
            key={i.id}
            instrument={i}
            assessments={all.filter((a) => a.instrument === i.id)}
          />
        ))
      )}
      {all.length ? (
        <ul className="assessment-list">
          {all.map((a) => (
            <li key={a.id}>
              {assessmentLabel(a)}
              {a.supersededBy ? ' (corrected)' : ''}
              {a.answeredBy === 'guardian' ? ' · answered by a parent' : ''}
              {/* The band reads the total only: a PSC-17 below the total's
                  cut-off can still be positive on a subscale. */}
              {a.positiveScreens.length ? (
                <strong className="positive-screen">
                  {' · positive screen: '}
                  {a.positiveScreens.map((p) => p.label).join('; ')}
                </strong>
              ) : null}
              {a.subscales.length ? (
                <ul className="subscales">
                  {a.subscales.map((s) => {
                    const positive = a.positiveScreens.some(
                      (p) => p.scope === s.id,
                    );
                    return (
                      <li key={s.id} data-positive={positive || undefined}>
                        {s.title}: {s.score} of {s.max}
                        {positive ? ' (positive)' : ''}
                      </li>
                    );
                  })}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </Panel>
  );
}
