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
import { ConsentForm } from './ConsentForm';
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
  const signed = report.data?.status === 'signed' ? report.data : null;
  return (
    <>
      <p className="no-print">
        <Link to="/">← Back to consults</Link>
      </p>
      <h1>Consult</h1>
      <div className="grid-2-1">
        <div>
          <ConsultStatusCard consult={consult.data} />
          <Panel
            title="Written report"
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
                The psychiatrist's written report will appear here as soon as it
                is signed.
              </Notice>
            )}
            <ErrorNotice error={report.error} />
          </Panel>
        </div>
        <div>
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
