import { REPORT_SECTIONS, type Report } from '../api/reports-api';
import { dateTime } from '../ui/format';

/** A signed report as the PCP reads and prints it. */
export function ReportView({
  report,
  signerName,
}: {
  report: Report;
  signerName?: string | null;
}) {
  return (
    <div className="report">
      <p className="muted">
        Signed by {signerName ?? 'the consulting psychiatrist'} on{' '}
        {dateTime(report.signedAt)}.
        {report.verbalDiscussion ? ' A verbal discussion took place.' : ''}
      </p>
      {REPORT_SECTIONS.map((s) =>
        report[s.key] ? (
          <div className="report-section" key={s.key}>
            <h3>{s.label}</h3>
            <p>{String(report[s.key])}</p>
          </div>
        ) : null,
      )}
      <div className="report-section">
        <h3>Advised</h3>
        <p>
          {[
            report.directEvaluationAdvised
              ? 'A direct evaluation of the patient'
              : '',
            report.referralAdvised ? 'Referral to ongoing care' : '',
          ]
            .filter(Boolean)
            .join('; ') || 'No direct evaluation or referral advised.'}
        </p>
      </div>
      {report.addenda?.length ? (
        <div className="report-section">
          <h3>Addenda</h3>
          {report.addenda.map((a) => (
            <p key={a.id}>
              <strong>{dateTime(a.signedAt)}:</strong> {a.body}
            </p>
          ))}
        </div>
      ) : null}
    </div>
  );
}
