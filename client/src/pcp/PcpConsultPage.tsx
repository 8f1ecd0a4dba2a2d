import { HandoffPage } from '../bh/HandoffPage';
import { clinicianLabel } from '../api/consult-context';
import { billingApi } from '../api/billing-api';
import { useUser } from '../shell/session-context';
import { LOGGABLE } from '../time/time-words';
import { TimePanel } from '../time/TimePanel';
import { useAsync } from '../ui/use-async';
import { useLiveConsult } from '../live/consult-live';
import { useLiveReport } from '../live/report-live';
import { Link } from '../shell/router';
import { ErrorNotice, Notice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { ECONSULT_OPEN, isEconsult } from '../api/econsults-api';
import { AttachmentsPanel } from '../econsult/AttachmentsPanel';
import { ThreadPanel } from '../econsult/ThreadPanel';
import { ConsentForm } from './ConsentForm';
import { ConvertButtons } from './ConvertButtons';
import { ConsultStatusCard } from './ConsultStatusCard';
import { ReportFeedback } from './ReportFeedback';
import { ReportHeader } from './ReportHeader';
import { ReportView } from './ReportView';

/** The PCP's own time on the consult: chart review, referral preparation. */
function PcpTime({ consultId }: { consultId: string }) {
  const user = useUser();
  const time = useAsync(() => billingApi.timeSummary(consultId), [consultId]);
  return (
    <TimePanel
      consultId={consultId}
      time={time}
      me={user.id}
      activities={LOGGABLE.pcp}
      title="Your time on this consult"
    />
  );
}

export function PcpConsultPage({ consultId }: { consultId: string }) {
  const consult = useLiveConsult(consultId);
  const report = useLiveReport(consultId);
  if (consult.error) return <ErrorNotice error={consult.error} />;
  if (!consult.data) return <p className="loading">Loading the consult…</p>;
  // A warm handoff has no psychiatry report: its follow-up is the episode.
  if (consult.data.consultType === 'warm_handoff')
    return <HandoffPage consultId={consultId} />;
  const signed = report.data?.status === 'signed' ? report.data : null;
  const written = isEconsult(consult.data);
  const open = ECONSULT_OPEN.includes(consult.data.status);
  return (
    <>
      <p className="no-print">
        <Link to="/">← Back to consults</Link>
      </p>
      <h1>{written ? 'Written question (eConsult)' : 'Consult'}</h1>
      <div className="grid-2-1">
        <div>
          <ConsultStatusCard consult={consult.data} />
          {written ? (
            <ThreadPanel
              consultId={consultId}
              side="pcp"
              canWrite={open}
              onPosted={consult.reload}
            />
          ) : null}
          <Panel
            title={written ? 'Written reply' : 'Written report'}
            actions={
              signed ? (
                <Link
                  className="btn btn-secondary"
                  to={`/consults/${consultId}/report`}
                >
                  Print report
                </Link>
              ) : null
            }
          >
            {signed ? (
              <>
                <ReportView
                  report={signed}
                  signerName={
                    consult.data.people?.psychiatrist
                      ? clinicianLabel(consult.data.people.psychiatrist)
                      : consult.data.assignedPsychiatristName
                  }
                />
                <ReportFeedback consultId={consultId} />
              </>
            ) : (
              <Notice>
                {written
                  ? 'The written reply will appear here as soon as the psychiatrist signs it, usually within the day.'
                  : "The psychiatrist's written report will appear here as soon as it is signed."}
              </Notice>
            )}
            <ErrorNotice error={report.error} />
          </Panel>
          {written && signed ? (
            <ConvertButtons
              consultId={consultId}
              advised={!!signed.directEvaluationAdvised}
            />
          ) : null}
        </div>
        <div>
          {written ? (
            <AttachmentsPanel consultId={consultId} canAdd={open} />
          ) : null}
          <ConsentForm consult={consult.data} />
          <PcpTime consultId={consultId} />
          <Panel title="Consult">
            <ReportHeader consult={consult.data} />
          </Panel>
          <Panel title="Question you asked">
            <p style={{ whiteSpace: 'pre-wrap' }}>
              {consult.data.clinicalQuestion}
            </p>
          </Panel>
        </div>
      </div>
    </>
  );
}
