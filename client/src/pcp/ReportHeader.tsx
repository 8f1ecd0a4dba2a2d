import { clinicianLabel, requesterLine } from '../api/consult-context';
import type { Consult } from '../api/consults-api';
import { dateOnly } from '../ui/format';

/**
 * The header of a consult and its report: both clinicians with their
 * credentials, the consult date and the program's contact line, the same on
 * the screen and on paper.
 */
export function ReportHeader({ consult }: { consult: Consult }) {
  const people = consult.people;
  const psychiatrist =
    people?.psychiatrist ??
    (consult.assignedPsychiatristName
      ? { name: consult.assignedPsychiatristName, credentials: null }
      : null);
  return (
    <dl className="facts report-header">
      <dt>Requested by</dt>
      <dd data-testid="requested-by">{requesterLine(consult, people)}</dd>
      <dt>Psychiatrist</dt>
      <dd data-testid="psychiatrist">
        {psychiatrist ? clinicianLabel(psychiatrist) : 'Not yet assigned'}
      </dd>
      <dt>Consult date</dt>
      <dd>{dateOnly(consult.acceptedAt ?? consult.createdAt)}</dd>
      {people?.program.contactLine ? (
        <>
          <dt>Program</dt>
          <dd data-testid="program-contact">
            {people.program.name}: {people.program.contactLine}
          </dd>
        </>
      ) : null}
    </dl>
  );
}
