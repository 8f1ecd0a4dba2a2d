import { useEffect } from 'react';
import { clinicianLabel } from '../api/consult-context';
import { consultsApi } from '../api/consults-api';
import { patientName } from '../api/patients-api';
import { reportsApi } from '../api/reports-api';
import { Button } from '../ui/Button';
import { dateOnly } from '../ui/format';
import { ErrorNotice } from '../ui/Notice';
import { useAsync } from '../ui/use-async';
import { ReportHeader } from './ReportHeader';
import { ReportView } from './ReportView';

/** The signed report alone on a page, laid out for paper or PDF. */
export function ReportPrintPage({ consultId }: { consultId: string }) {
  const data = useAsync(
    () => Promise.all([consultsApi.get(consultId), reportsApi.get(consultId)]),
    [consultId],
  );
  const [consult, report] = data.data ?? [];
  useEffect(() => {
    document.title = 'Consult report';
  }, []);
  if (data.error) return <ErrorNotice error={data.error} />;
  if (!consult) return <p className="loading">Loading the report…</p>;
  return (
    <article className="report-print">
      <div className="button-row no-print">
        <Button variant="primary" onClick={() => window.print()}>
          Print
        </Button>
      </div>
      <h1>Psychiatry consult report</h1>
      <dl className="facts">
        <dt>Patient</dt>
        <dd>
          {consult.patient ? patientName(consult.patient) : consult.patientId}
        </dd>
        {consult.patient?.birthDate ? (
          <>
            <dt>Date of birth</dt>
            <dd>{dateOnly(consult.patient.birthDate)}</dd>
          </>
        ) : null}
      </dl>
      <ReportHeader consult={consult} />
      {report && report.status === 'signed' ? (
        <ReportView
          report={report}
          signerName={
            consult.people?.psychiatrist
              ? clinicianLabel(consult.people.psychiatrist)
              : consult.assignedPsychiatristName
          }
        />
      ) : (
        <p>The report has not been signed yet.</p>
      )}
    </article>
  );
}
