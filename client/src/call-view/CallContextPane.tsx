import { useEffect, useState } from 'react';
import {
  requesterLine,
  screeningSummary,
  urgencyReasonText,
} from '../api/consult-context';
import { consultsApi } from '../api/consults-api';
import {
  EMPTY_REPORT,
  reportsApi,
  type Report,
  type ReportContent,
} from '../api/reports-api';
import { billingApi } from '../api/billing-api';
import { timeSentence } from '../time/time-words';
import { Button } from '../ui/Button';
import { TextArea } from '../ui/Field';
import { clockTime, humanize, mmss } from '../ui/format';
import { ErrorNotice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { useAction, useAsync } from '../ui/use-async';

/**
 * Beside the video: the question, the screen, who asks, the time so far
 * and (for the psychiatrist) notes that go into the draft report, so
 * nobody leaves the call to look something up.
 */
export function CallContextPane({
  consultId,
  elapsedSeconds,
  canWriteReport,
}: {
  consultId: string;
  elapsedSeconds: number | null;
  canWriteReport: boolean;
}) {
  const consult = useAsync(() => consultsApi.get(consultId), [consultId]);
  const time = useAsync(() => billingApi.timeSummary(consultId), [consultId]);
  // Counted time comes from the server's ledger: refresh it once a minute.
  const { reload } = time;
  useEffect(() => {
    const t = setInterval(reload, 60_000);
    return () => clearInterval(t);
  }, [reload]);
  const c = consult.data;
  const mine = time.data?.consultant ?? time.data?.requesting ?? null;
  return (
    <Panel title="Consult" level={2} className="call-context">
      <ErrorNotice error={consult.error} />
      {c ? (
        <>
          <h3>Question</h3>
          <p className="call-question">{c.clinicalQuestion}</p>
          <dl className="facts">
            {c.patient ? (
              <>
                <dt>Patient</dt>
                <dd>
                  {c.patient.givenName} {c.patient.familyName}
                  {c.patient.state ? `, ${c.patient.state}` : ''}
                </dd>
              </>
            ) : null}
            <dt>Reasons</dt>
            <dd>{c.reasonCategories.map(humanize).join(', ')}</dd>
            {urgencyReasonText(c) ? (
              <>
                <dt>Urgent</dt>
                <dd>{urgencyReasonText(c)}</dd>
              </>
            ) : null}
            <dt>Screenings</dt>
            <dd>{screeningSummary(c) ?? 'None attached'}</dd>
            <dt>Requested by</dt>
            <dd>{requesterLine(c, c.people)}</dd>
            <dt>Time so far</dt>
            <dd data-testid="call-time-so-far">
              {elapsedSeconds !== null
                ? `This call ${mmss(elapsedSeconds)}`
                : 'Not connected'}
              {mine ? `; ${timeSentence(mine)}` : ''}
            </dd>
          </dl>
        </>
      ) : (
        <p className="loading">Loading the consult…</p>
      )}
      {canWriteReport && c ? (
        <CallNotes consultId={consultId} question={c.clinicalQuestion} />
      ) : null}
    </Panel>
  );
}

/** A report's editable content: everything but its identity and history. */
function draftContent(r: Report): ReportContent {
  const {
    id: _i,
    consultId: _c,
    authorId: _a,
    status: _s,
    signedAt: _sa,
    signedBy: _sb,
    createdAt: _ca,
    updatedAt: _u,
    addenda: _ad,
    ...content
  } = r;
  return content;
}

/** Notes taken in the call, kept as the draft report's assessment. */
function CallNotes({
  consultId,
  question,
}: {
  consultId: string;
  /** A first draft starts from the PCP's question, as the editor does. */
  question: string;
}) {
  const report = useAsync(() => reportsApi.get(consultId), [consultId]);
  const [notes, setNotes] = useState<string | null>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const r = report.data;
  useEffect(() => {
    if (report.data !== undefined)
      setNotes((n) => n ?? report.data?.assessment ?? '');
  }, [report.data]);
  const save = useAction(async () => {
    // Keep every other field of the draft as it is (sections other
    // screens add included): only the assessment changes.
    const current = await reportsApi.get(consultId);
    const content = current
      ? draftContent(current)
      : { ...EMPTY_REPORT, question };
    const saved = await reportsApi.saveDraft(consultId, {
      ...content,
      assessment: notes ?? '',
    });
    report.set(() => saved);
    setSavedAt(new Date().toISOString());
  });
  if (r?.status === 'signed')
    return <p className="muted">The report is signed.</p>;
  return (
    <div className="call-notes">
      <TextArea
        label="Notes (saved as the draft report's assessment)"
        value={notes ?? ''}
        rows={6}
        onChange={(e) => setNotes(e.target.value)}
      />
      <ErrorNotice error={save.error ?? report.error} />
      <Button
        busy={save.busy}
        busyLabel="Saving…"
        disabled={notes === null}
        onClick={() => void save.run()}
      >
        Save to draft report
      </Button>
      {savedAt ? (
        <p className="muted" role="status">
          Saved at {clockTime(savedAt)}.
        </p>
      ) : null}
    </div>
  );
}
